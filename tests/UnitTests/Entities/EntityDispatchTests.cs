using OrleansWorkflows.Entities;
using OrleansWorkflows.Runtime;
using OrleansWorkflows.Samples;
using Xunit;

namespace OrleansWorkflows.UnitTests.Entities;

/// <summary>Operation binding of class-based entities and the runner's rollback, without a cluster.</summary>
public sealed class EntityDispatchTests
{
    private static readonly WorkflowRegistry Registry = new WorkflowRegistry()
        .AddSamples()
        .AddEntity<Shapes>()
        .AddEntity<SoftDelete>()
        .AddEntity<Ambiguous>()
        .AddEntity("Flag", op => op.Name.ToLowerInvariant() switch
        {
            "set" => SetFlag(op),
            "get" => Task.FromResult<object?>(op.State.Get<bool>()),
            _ => throw new NotSupportedException($"Flag has no operation '{op.Name}'."),
        });

    private static readonly EntityOperationRunner Runner = new(Registry, new EmptyServices(), maxPayloadLength: 1000);

    private static Task<EntityOperationResult> Run(string entity, string operation, object? input, string? state) =>
        Runner.RunAsync(new EntityId(entity, "k"), operation, WorkflowJson.Serialize(input), state);

    [Fact]
    public async Task Counter_AddResetGet_BindsMethodsCaseInsensitively()
    {
        var added = await Run("counter", "ADD", 5, "10");
        Assert.Null(added.Failure);
        Assert.Equal("15", added.StateJson);
        Assert.Equal("15", (await Run("Counter", "get", null, added.StateJson)).ResultJson);
        Assert.Equal("0", (await Run("Counter", "reset", null, added.StateJson)).StateJson);
    }

    [Fact]
    public async Task AsyncOperations_TaskValueTaskAndResults_AreAwaited()
    {
        var state = (await Run("shapes", "appendLaterAsync", "a", null)).StateJson;
        state = (await Run("shapes", "append", "b", state)).StateJson;
        Assert.Equal("""["a","b"]""", state);
        Assert.Equal("\"a-b\"", (await Run("shapes", "joinAsync", "-", state)).ResultJson);
        Assert.Equal("2", (await Run("shapes", "countValueAsync", null, state)).ResultJson);
        Assert.Equal("2", (await Run("shapes", "count", null, state)).ResultJson);
    }

    [Fact]
    public async Task ThrowingOperation_RollsBackStateAndDropsItsSignals()
    {
        var result = await Run("shapes", "appendThenFail", "x", """["a"]""");

        Assert.Equal("""["a"]""", result.StateJson);
        Assert.Empty(result.Outgoing);
        Assert.Equal(typeof(InvalidOperationException).FullName, result.Failure?.ErrorType);
        Assert.Equal("failed after appending x", result.Failure?.ErrorMessage);
    }

    [Fact]
    public async Task SucceedingOperation_SignalsGoOutInTheResult()
    {
        var result = await Run("shapes", "forward", "y", null);

        var (receiver, message) = Assert.Single(result.Outgoing);
        Assert.Equal("@shapes@other", receiver);
        Assert.Equal((WorkflowMessageKind.EntitySignal, "append", "\"y\""), (message.Kind, message.Name, message.Payload));
    }

    [Fact]
    public async Task UnknownOperation_FailsNamingTheOperationsAndLeavesState()
    {
        var result = await Run("counter", "multiply", 2, "3");

        Assert.Equal("3", result.StateJson);
        Assert.Equal(typeof(NotSupportedException).FullName, result.Failure?.ErrorType);
        Assert.Contains("no operation 'multiply'", result.Failure?.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("add, get, reset, delete", result.Failure?.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadInput_FailsWithTheOperationAndType()
    {
        var result = await Runner.RunAsync(new EntityId("counter", "k"), "add", "\"not a number\"", "1");

        Assert.Equal("1", result.StateJson);
        Assert.Contains("input of operation 'add' on entity '@counter@k' cannot be read as Int32", result.Failure?.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BuiltInDelete_RemovesState_UnlessTheEntityDefinesDelete()
    {
        Assert.Null((await Run("counter", "delete", null, "7")).StateJson);
        Assert.Equal("\"deleted\"", (await Run("softdelete", "Delete", null, "\"v\"")).StateJson);
    }

    [Fact]
    public async Task ReadingAMissingEntity_DoesNotCreateIt_ButChangingItDoes()
    {
        var read = await Run("counter", "get", null, null);
        Assert.Equal(("0", null), (read.ResultJson, read.StateJson));
        Assert.Equal("4", (await Run("counter", "add", 4, null)).StateJson);
    }

    [Fact]
    public async Task UnknownEntityName_FailsClearly()
    {
        var result = await Run("nosuchentity", "get", null, null);
        Assert.Equal("No entity named 'nosuchentity' is registered.", result.Failure?.ErrorMessage);
    }

    [Fact]
    public async Task AmbiguousOperationNames_AreRefusedWithAClearError()
    {
        var result = await Run("ambiguous", "go", null, null);
        Assert.Contains("more than one public method named 'go'", result.Failure?.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SwitchStyleEntity_ReadsAndWritesStateThroughTheOperation()
    {
        var set = await Run("flag", "set", null, null);
        Assert.Equal("true", set.StateJson);
        Assert.Equal("true", (await Run("flag", "get", null, set.StateJson)).ResultJson);
        Assert.Contains("no operation 'toggle'", (await Run("flag", "toggle", null, null)).Failure?.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OversizedResult_FailsAndKeepsState()
    {
        var result = await Run("shapes", "append", new string('x', 2000), null);
        Assert.Null(result.StateJson);
        Assert.Contains("limit is 1000", result.Failure?.ErrorMessage, StringComparison.Ordinal);
    }

    private static Task<object?> SetFlag(TaskEntityOperation operation)
    {
        operation.State.Set(true);
        return Task.FromResult<object?>(null);
    }

    private sealed class EmptyServices : IServiceProvider
    {
        public object? GetService(Type serviceType) => null;
    }
}
