using OrleansWorkflows.Engine;
using OrleansWorkflows.Entities;
using Xunit;

namespace OrleansWorkflows.UnitTests.Engine;

/// <summary>
/// The applied watermarks of one-way messages in the engine state: a sequenced message at or below its sender's
/// watermark is a re-delivery and is dropped; the start request id and the watermarks survive clone and JSON.
/// (Client requests are deduplicated by the store: see the conformance tests of <c>AppendRequestAsync</c>.)
/// </summary>
public sealed class MessageBookkeepingTests
{
    [Fact]
    public void MarkApplied_AtOrBelowTheWatermark_IsARedelivery_PerSender()
    {
        var state = new EngineState();

        Assert.True(state.MarkApplied("parent", 5));
        Assert.False(state.MarkApplied("parent", 5));
        Assert.False(state.MarkApplied("parent", 3));
        Assert.True(state.MarkApplied("other", 1));
        Assert.True(state.MarkApplied("parent", 9));
        Assert.Equal(9, state.Applied["parent"]);
        Assert.Equal(1, state.Applied["other"]);
    }

    [Fact]
    public void CloneAndJson_KeepTheStartRequestAndWatermarks_CloneIsIndependent()
    {
        var state = new EngineState { StartRequestId = "start-1" };
        state.MarkApplied("parent", 1);

        var clone = state.Clone();
        clone.MarkApplied("parent", 2);
        var parsed = EngineState.Parse(state.ToJson());

        Assert.Equal("start-1", clone.StartRequestId);
        Assert.Equal(2, clone.Applied["parent"]);
        Assert.Equal(1, state.Applied["parent"]);
        Assert.Equal("start-1", parsed.StartRequestId);
        Assert.Equal(1, parsed.Applied["parent"]);
    }

    [Fact]
    public void EntityState_CloneAndJson_KeepWatermarks()
    {
        var state = new EntityEngineState();
        state.MarkApplied("@counter@a", 4);

        var parsed = EntityEngineState.Parse(state.Clone().ToJson());

        Assert.Equal(4, parsed.Applied["@counter@a"]);
        Assert.False(parsed.MarkApplied("@counter@a", 4));
    }
}
