using OrleansWorkflows.Samples;
using Xunit;

namespace OrleansWorkflows.UnitTests.Authoring;

/// <summary>
/// <c>AddWorkflowsFromAssembly</c> (issue 13 item 3): every public non-abstract orchestrator, activity and entity class
/// of an assembly, under its <see cref="WorkflowNameAttribute"/> or class name; every problem reported at start-up in one
/// <see cref="WorkflowRegistrationException"/>, registering nothing. The rules run on hand-picked types through the
/// internal <c>AddWorkflowClasses</c> (what the assembly overload calls with the assembly's types).
/// </summary>
public sealed class AssemblyRegistrationTests
{
    [Fact]
    public void SamplesAssembly_RegistersEveryPublicWorkflowClass_UnderItsClassName()
    {
        var registry = new WorkflowRegistry().AddWorkflowsFromAssembly(typeof(HelloSequence).Assembly);

        Assert.Equal(
            ["Approval", "BenchEvents", "BenchFanOut", "BenchIdle", "BenchSequence", "BenchTimer", "Countdown", "FanOutFanIn", "HelloSequence", "Retry", "Transfer"],
            registry.OrchestratorNames.Order(StringComparer.Ordinal));
        Assert.Equal(["Flaky", "SayHello", "Square"], registry.ActivityNames.Order(StringComparer.Ordinal));
        Assert.Equal(["account", "counter"], registry.EntityNames.Order(StringComparer.Ordinal));
        var services = new ServiceProviderStub();
        Assert.IsType<HelloSequence>(registry.CreateOrchestrator("HelloSequence", services));
        Assert.IsType<SayHello>(registry.CreateActivity("sayhello", services));
        Assert.IsType<Counter>(registry.CreateEntity("counter", services));
    }

    [Fact]
    public void WorkflowNameAttribute_GivesTheName_AbstractAndNonPublicClassesAreLeftOut()
    {
        var registry = new WorkflowRegistry().AddWorkflowClasses(
            [typeof(Valid.Greet), typeof(Valid.Shout), typeof(Valid.Tally), typeof(Valid.ActivityBase), typeof(HiddenActivity), typeof(Valid), typeof(string)]);

        Assert.Equal(["Greet"], registry.OrchestratorNames);
        Assert.Equal(["Shout.V2"], registry.ActivityNames);
        Assert.Equal(["tally"], registry.EntityNames);
        Assert.IsType<Valid.Shout>(registry.CreateActivity("shout.v2", new ServiceProviderStub()));
    }

    [Fact]
    public void GenericRegistration_UsesTheWorkflowNameAttribute_WhenGivenNoName()
    {
        var registry = new WorkflowRegistry().AddActivity<Valid.Shout>().AddActivity<Valid.Shout>("Explicit");

        Assert.Equal(["Explicit", "Shout.V2"], registry.ActivityNames.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void OneNameForAnOrchestrationAndAnActivity_IsAllowed()
    {
        var registry = new WorkflowRegistry().AddWorkflowClasses([typeof(SameName.Orchestration), typeof(SameName.Activity)]);

        Assert.Equal(["Shared"], registry.OrchestratorNames);
        Assert.Equal(["Shared"], registry.ActivityNames);
    }

    [Fact]
    public void TwoClassesWithOneName_AreRefused_NamingBoth_AndNothingIsRegistered()
    {
        var registry = new WorkflowRegistry();

        var ex = Assert.Throws<WorkflowRegistrationException>(() =>
            registry.AddWorkflowClasses([typeof(Duplicates.First), typeof(Duplicates.Second), typeof(Valid.Greet)]));

        var problem = Assert.Single(ex.Problems);
        Assert.Contains(typeof(Duplicates.First).FullName!, problem, StringComparison.Ordinal);
        Assert.Contains(typeof(Duplicates.Second).FullName!, problem, StringComparison.Ordinal);
        Assert.Contains("activity name 'dup'", problem, StringComparison.Ordinal);
        Assert.Contains("case-insensitive", problem, StringComparison.Ordinal);
        Assert.Empty(registry.ActivityNames);
        Assert.Empty(registry.OrchestratorNames);
    }

    [Fact]
    public void NameAlreadyRegistered_IsRefused_AndNothingIsRegistered()
    {
        var registry = new WorkflowRegistry().AddOrchestrator("greet", _ => Task.FromResult<object?>(null));

        var ex = Assert.Throws<WorkflowRegistrationException>(() => registry.AddWorkflowClasses([typeof(Valid.Greet), typeof(Valid.Shout)]));

        Assert.Equal($"{typeof(Valid.Greet).FullName}: the orchestration name 'Greet' is already registered.", Assert.Single(ex.Problems));
        Assert.Empty(registry.ActivityNames);
    }

    [Theory]
    [InlineData(typeof(Unsupported.OpenGeneric<>), "is an open generic class")]
    [InlineData(typeof(Unsupported.NoPublicConstructor), "has no public constructor")]
    [InlineData(typeof(Unsupported.TwoKinds), "is more than one kind (orchestration, activity)")]
    [InlineData(typeof(Unsupported.ValueTypeActivity), "is a struct")]
    [InlineData(typeof(Unsupported.BadName), "its name is not valid: 'a/b' is not a valid name")]
    [InlineData(typeof(Unsupported.BadEntityName), "its name is not valid: The entity name 'a@b' must not contain")]
    [InlineData(typeof(Unsupported.NamedButAbstract), "has [WorkflowName] but is not registered from an assembly")]
    [InlineData(typeof(NamedButInternal), "has [WorkflowName] but is not registered from an assembly")]
    public void UnsupportedShape_IsRefusedWithAClearError_AndNothingIsRegistered(Type type, string expected)
    {
        var registry = new WorkflowRegistry();

        var ex = Assert.Throws<WorkflowRegistrationException>(() => registry.AddWorkflowClasses([type, typeof(Valid.Shout)]));

        var problem = Assert.Single(ex.Problems);
        Assert.StartsWith(type.FullName + ": " + expected, problem, StringComparison.Ordinal);
        Assert.Contains(problem, ex.Message, StringComparison.Ordinal);
        Assert.Empty(registry.ActivityNames);
        Assert.Empty(registry.OrchestratorNames);
        Assert.Empty(registry.EntityNames);
    }

    [Fact]
    public void EveryProblem_IsReportedAtOnce()
    {
        var ex = Assert.Throws<WorkflowRegistrationException>(() => new WorkflowRegistry().AddWorkflowClasses(
            [typeof(Unsupported.OpenGeneric<>), typeof(Unsupported.NoPublicConstructor), typeof(Duplicates.First), typeof(Duplicates.Second)]));

        Assert.Equal(3, ex.Problems.Count);
        Assert.Contains("3 problem(s)", ex.Message, StringComparison.Ordinal);
    }

    public static class Valid
    {
        public sealed class Greet : TaskOrchestrator<string, string>
        {
            public override Task<string> RunAsync(OrchestrationContext context, string input) => Task.FromResult(input);
        }

        [WorkflowName("Shout.V2")]
        public sealed class Shout : ActivityBase
        {
        }

        public sealed class Tally : TaskEntity<int>
        {
            public void Add(int amount) => State += amount;
        }

        public abstract class ActivityBase : TaskActivity<string, string>
        {
            public override Task<string> RunAsync(ActivityContext context, string input) => Task.FromResult(input.ToUpperInvariant());
        }
    }

    public static class SameName
    {
        [WorkflowName("Shared")]
        public sealed class Orchestration : TaskOrchestrator<string, string>
        {
            public override Task<string> RunAsync(OrchestrationContext context, string input) => Task.FromResult(input);
        }

        [WorkflowName("Shared")]
        public sealed class Activity : Valid.ActivityBase
        {
        }
    }

    public static class Duplicates
    {
        [WorkflowName("dup")]
        public sealed class First : Valid.ActivityBase
        {
        }

        [WorkflowName("Dup")]
        public sealed class Second : Valid.ActivityBase
        {
        }
    }

    public static class Unsupported
    {
        public sealed class OpenGeneric<T> : TaskActivity<T, T>
        {
            public override Task<T> RunAsync(ActivityContext context, T input) => Task.FromResult(input);
        }

        public sealed class NoPublicConstructor : Valid.ActivityBase
        {
            private NoPublicConstructor()
            {
            }
        }

        public sealed class TwoKinds : ITaskOrchestrator, ITaskActivity
        {
            public Task<string?> RunAsync(OrchestrationContext context) => Task.FromResult<string?>(null);

            public Task<string?> RunAsync(ActivityContext context, string? input) => Task.FromResult(input);
        }

        public struct ValueTypeActivity : ITaskActivity
        {
            public readonly Task<string?> RunAsync(ActivityContext context, string? input) => Task.FromResult(input);
        }

        [WorkflowName("a/b")]
        public sealed class BadName : Valid.ActivityBase
        {
        }

        [WorkflowName("a@b")]
        public sealed class BadEntityName : TaskEntity<int>
        {
        }

        [WorkflowName("Abstract")]
        public abstract class NamedButAbstract : Valid.ActivityBase
        {
        }
    }

    private sealed class ServiceProviderStub : IServiceProvider
    {
        public object? GetService(Type serviceType) => null;
    }
}

internal sealed class HiddenActivity : TaskActivity<string, string>
{
    public override Task<string> RunAsync(ActivityContext context, string input) => Task.FromResult(input);
}

[WorkflowName("Internal")]
internal sealed class NamedButInternal : TaskActivity<string, string>
{
    public override Task<string> RunAsync(ActivityContext context, string input) => Task.FromResult(input);
}
