namespace OrleansWorkflows;

/// <summary>The untyped contract the engine runs; implement <see cref="TaskOrchestrator{TInput,TOutput}"/> instead.</summary>
public interface ITaskOrchestrator
{
    /// <summary>Runs the orchestration and returns its output as JSON (or <c>null</c>).</summary>
    /// <param name="context">The orchestration context.</param>
    Task<string?> RunAsync(OrchestrationContext context);
}

/// <summary>
/// Base class of a class-based orchestration. A new instance is created for every execution and every replay, so
/// keep no state in fields across executions. See <see cref="OrchestrationContext"/> for the determinism rules.
/// </summary>
/// <typeparam name="TInput">The input type (deserialized from JSON).</typeparam>
/// <typeparam name="TOutput">The output type (serialized to JSON).</typeparam>
public abstract class TaskOrchestrator<TInput, TOutput> : ITaskOrchestrator
{
    /// <summary>The orchestration body.</summary>
    /// <param name="context">The orchestration context.</param>
    /// <param name="input">The input of this execution.</param>
    public abstract Task<TOutput> RunAsync(OrchestrationContext context, TInput input);

    /// <inheritdoc />
    async Task<string?> ITaskOrchestrator.RunAsync(OrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var output = await RunAsync(context, context.GetInput<TInput>()!);
        return WorkflowJson.Serialize(output);
    }
}

/// <summary>An orchestration written as a delegate (registered with <see cref="WorkflowRegistry.AddOrchestrator(string, Func{OrchestrationContext, Task{object?}})"/>).</summary>
internal sealed class FuncOrchestrator(Func<OrchestrationContext, Task<object?>> body) : ITaskOrchestrator
{
    public async Task<string?> RunAsync(OrchestrationContext context) => WorkflowJson.Serialize(await body(context));
}
