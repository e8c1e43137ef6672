using Xunit;

namespace OrleansWorkflows.UnitTests.Authoring;

/// <summary>
/// Side-by-side versions in the registry (issue 16): an orchestration registered by (name, version), the default version
/// a start takes (the latest, or a pinned one), what an instance of each version (or of none) runs, and the
/// missing-version policy.
/// </summary>
public sealed class VersionRegistryTests
{
    private static readonly ServiceProviderStub Services = new();

    [Fact]
    public void Versions_RegisterSideBySide_TheDefaultIsTheLatest_ComparedAsNumbersWhenNumeric()
    {
        var registry = new WorkflowRegistry()
            .AddOrchestrator("Order", "2", _ => Task.FromResult<object?>("v2"))
            .AddOrchestrator("Order", "10", _ => Task.FromResult<object?>("v10"))
            .AddOrchestrator("Order", "1.9", _ => Task.FromResult<object?>("v1.9"));

        Assert.Equal(["1.9", "2", "10"], registry.GetOrchestratorVersions("order"));
        Assert.Equal("10", registry.GetDefaultVersion("Order"));
        Assert.True(registry.HasOrchestrator("Order", "2"));
        Assert.False(registry.HasOrchestrator("Order", "3"));
        Assert.NotNull(registry.CreateOrchestrator("Order", "1.9", Services));
        Assert.Null(registry.CreateOrchestrator("Order", "3", Services));
        Assert.Equal(["Order"], registry.OrchestratorNames);
    }

    [Fact]
    public void PinnedDefault_WinsOverTheLatest_AndAnUnregisteredPinIsAStartUpProblem()
    {
        var registry = new WorkflowRegistry()
            .AddOrchestrator("Order", "1", _ => Task.FromResult<object?>(1))
            .AddOrchestrator("Order", "2", _ => Task.FromResult<object?>(2))
            .SetDefaultVersion("Order", "1");

        Assert.Equal("1", registry.GetDefaultVersion("Order"));
        Assert.Empty(registry.VersionProblems());

        registry.SetDefaultVersion("Order", "7");
        Assert.Equal(["Orchestration 'Order' pins default version '7', which is not registered."], registry.VersionProblems());

        registry.SetDefaultVersion("Order", null);
        Assert.Equal("2", registry.GetDefaultVersion("Order"));
    }

    [Fact]
    public void UnversionedInstance_RunsTheUnversionedRegistration_ElseTheDefaultVersion()
    {
        var both = new WorkflowRegistry()
            .AddOrchestrator<Plain>("Order")
            .AddOrchestrator<Second>("Order", "2");
        var versionsOnly = new WorkflowRegistry()
            .AddOrchestrator<First>("Order", "1")
            .AddOrchestrator<Second>("Order", "2")
            .SetDefaultVersion("Order", "1");

        Assert.IsType<Plain>(both.CreateOrchestrator("Order", Services));
        Assert.IsType<Second>(both.CreateOrchestrator("Order", "2", Services));
        Assert.Equal([null, "2"], both.GetOrchestratorVersions("Order"));
        Assert.Equal("2", both.GetDefaultVersion("Order"));
        Assert.IsType<First>(versionsOnly.CreateOrchestrator("Order", null, Services));
        Assert.Null(new WorkflowRegistry().AddOrchestrator<Plain>("Order").GetDefaultVersion("Order"));
    }

    [Fact]
    public void RepeatedVersion_InvalidVersion_AndUnknownPolicy_AreRefused()
    {
        var registry = new WorkflowRegistry().AddOrchestrator<First>("Order", "1");

        var repeated = Assert.Throws<InvalidOperationException>(() => registry.AddOrchestrator<Second>("ORDER", "1"));
        Assert.Equal("Version '1' of orchestration 'ORDER' is already registered.", repeated.Message);
        Assert.Throws<ArgumentException>(() => registry.AddOrchestrator<Second>("Order", "a/b"));
        Assert.Throws<ArgumentException>(() => registry.SetDefaultVersion("Order", " "));
        Assert.Throws<ArgumentOutOfRangeException>(() => registry.SetMissingVersionPolicy("Order", (MissingVersionPolicy)9));
        Assert.Equal(MissingVersionPolicy.Wait, registry.GetMissingVersionPolicy("Order"));
        Assert.Equal(MissingVersionPolicy.Fail, registry.SetMissingVersionPolicy("Order", MissingVersionPolicy.Fail).GetMissingVersionPolicy("order"));
    }

    [Fact]
    public void PolicyOrPinWithoutRegistration_DoesNotMakeTheNameKnown()
    {
        var registry = new WorkflowRegistry().SetMissingVersionPolicy("Later", MissingVersionPolicy.Fail);

        Assert.False(registry.HasOrchestrator("Later"));
        Assert.Empty(registry.OrchestratorNames);
    }

    [Fact]
    public void AssemblyRegistration_TakesWorkflowVersionAttributes_AndRefusesTwoClassesOfOneVersion()
    {
        var registry = new WorkflowRegistry().AddWorkflowClasses([typeof(First), typeof(Second), typeof(Plain)]);

        Assert.Equal([null, "1", "2"], registry.GetOrchestratorVersions("Order"));
        Assert.IsType<First>(registry.CreateOrchestrator("Order", "1", Services));

        var clash = Assert.Throws<WorkflowRegistrationException>(() => new WorkflowRegistry().AddWorkflowClasses([typeof(First), typeof(AlsoFirst)]));
        Assert.Contains("both register version '1' of orchestration 'Order'", clash.Message, StringComparison.Ordinal);
        var onActivity = Assert.Throws<WorkflowRegistrationException>(() => new WorkflowRegistry().AddWorkflowClasses([typeof(VersionedActivity)]));
        Assert.Contains("has [WorkflowVersion] but is an activity", onActivity.Message, StringComparison.Ordinal);
    }

    /// <summary>The unversioned registration.</summary>
    [WorkflowName("Order")]
    public sealed class Plain : TaskOrchestrator<object?, string>
    {
        /// <inheritdoc />
        public override Task<string> RunAsync(OrchestrationContext context, object? input) => Task.FromResult("plain");
    }

    /// <summary>Version 1.</summary>
    [WorkflowName("Order"), WorkflowVersion("1")]
    public sealed class First : TaskOrchestrator<object?, string>
    {
        /// <inheritdoc />
        public override Task<string> RunAsync(OrchestrationContext context, object? input) => Task.FromResult("1");
    }

    /// <summary>Version 2.</summary>
    [WorkflowName("Order"), WorkflowVersion("2")]
    public sealed class Second : TaskOrchestrator<object?, string>
    {
        /// <inheritdoc />
        public override Task<string> RunAsync(OrchestrationContext context, object? input) => Task.FromResult("2");
    }

    /// <summary>Another class claiming version 1.</summary>
    [WorkflowName("Order"), WorkflowVersion("1")]
    public sealed class AlsoFirst : TaskOrchestrator<object?, string>
    {
        /// <inheritdoc />
        public override Task<string> RunAsync(OrchestrationContext context, object? input) => Task.FromResult("also 1");
    }

    private sealed class ServiceProviderStub : IServiceProvider
    {
        public object? GetService(Type serviceType) => null;
    }

    /// <summary>An activity cannot have a version.</summary>
    [WorkflowVersion("1")]
    public sealed class VersionedActivity : TaskActivity<object?, string>
    {
        /// <inheritdoc />
        public override Task<string> RunAsync(ActivityContext context, object? input) => Task.FromResult("a");
    }
}
