using OrleansWorkflows.Engine;
using OrleansWorkflows.Entities;
using Xunit;

namespace OrleansWorkflows.UnitTests.Entities;

/// <summary>An episode works on a clone of the bookkeeping; the clone must be equal and independent.</summary>
public sealed class BookkeepingCloneTests
{
    [Fact]
    public void EngineState_CloneIsEqualAndIndependent()
    {
        var state = new EngineState { ParentExecutionId = "p", ParentTaskId = 4, Version = "2", LastOutboxId = 9, SequenceBase = 100 };
        state.NextSequence("a", remember: true);
        state.Applied["b"] = 7;

        var clone = state.Clone();
        Assert.Equal(state.ToJson(), clone.ToJson());

        clone.NextSequence("a", remember: true);
        clone.Applied["c"] = 1;
        clone.LastOutboxId++;
        Assert.Equal(101, state.Sent["a"]);
        Assert.False(state.Applied.ContainsKey("c"));
        Assert.Equal(9, state.LastOutboxId);
    }

    [Fact]
    public void EntityState_CloneIsEqualAndIndependent()
    {
        var state = new EntityEngineState { LockOwner = "o", LockExecutionId = "x", SequenceBase = 5 };
        state.Applied["s"] = 3;

        var clone = state.Clone();
        Assert.Equal(state.ToJson(), clone.ToJson());

        clone.Applied["s"] = 4;
        clone.LockOwner = null;
        Assert.Equal(3, state.Applied["s"]);
        Assert.Equal("o", state.LockOwner);
    }
}
