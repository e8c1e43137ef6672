namespace OrleansWorkflows.TestKitTests.Workflows;

/// <summary>Version 1 of <c>VersionedOrder</c>: counts down with continue-as-new (version 2 on request), then reports
/// which code ran and the version the context says.</summary>
[WorkflowName("VersionedOrder"), WorkflowVersion("1")]
public sealed class VersionedOrderV1 : TaskOrchestrator<VersionedOrderInput?, string>
{
    /// <inheritdoc />
    public override Task<string> RunAsync(OrchestrationContext context, VersionedOrderInput? input)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (input is { Remaining: > 0 })
        {
            var next = input with { Remaining = input.Remaining - 1 };
            if (input.SwitchTo is { } version)
            {
                context.ContinueAsNew(next with { SwitchTo = null }, new ContinueAsNewOptions { NewVersion = version });
            }
            else
            {
                context.ContinueAsNew(next);
            }

            return Task.FromResult(string.Empty);
        }

        return Task.FromResult($"v1 code, context version {context.Version}");
    }
}

/// <summary>Version 2 of <c>VersionedOrder</c> (the latest): reports which code ran and the context's version.</summary>
[WorkflowName("VersionedOrder"), WorkflowVersion("2")]
public sealed class VersionedOrderV2 : TaskOrchestrator<VersionedOrderInput?, string>
{
    /// <inheritdoc />
    public override Task<string> RunAsync(OrchestrationContext context, VersionedOrderInput? input)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Task.FromResult($"v2 code, context version {context.Version}");
    }
}

/// <summary>Starts <c>VersionedOrder</c> as a sub-orchestration, in the version its input names (default: the latest).</summary>
public sealed class VersionedParent : TaskOrchestrator<string?, string>
{
    /// <inheritdoc />
    public override Task<string> RunAsync(OrchestrationContext context, string? input)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.CallSubOrchestratorAsync<string>("VersionedOrder", null, null, new TaskOptions { Version = input });
    }
}

/// <summary>The input of <c>VersionedOrder</c>.</summary>
/// <param name="Remaining">How many continue-as-new rounds are left.</param>
/// <param name="SwitchTo">The version the next round runs, or <c>null</c> to keep this one.</param>
public sealed record VersionedOrderInput(int Remaining, string? SwitchTo = null);
