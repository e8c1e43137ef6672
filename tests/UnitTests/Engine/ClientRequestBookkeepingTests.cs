using OrleansWorkflows.Engine;
using OrleansWorkflows.Entities;
using OrleansWorkflows.Runtime;
using Xunit;

namespace OrleansWorkflows.UnitTests.Engine;

/// <summary>The bounded memory of client request ids in the engine state: applied once, kept through clone and JSON.</summary>
public sealed class ClientRequestBookkeepingTests
{
    private static string SenderOf(string requestId) =>
        ClientRequests.Stamp(new WorkflowMessage { Kind = WorkflowMessageKind.EventRaised }, requestId).Sender!;

    [Fact]
    public void MarkApplied_SameRequestTwice_SecondIsARepeat_InstanceSendersUnaffected()
    {
        var state = new EngineState();

        Assert.True(state.MarkApplied(SenderOf("r1"), 1));
        Assert.False(state.MarkApplied(SenderOf("r1"), 1));
        Assert.True(state.HasApplied(SenderOf("r1"), 1));
        Assert.True(state.MarkApplied("parent-instance", 5));
        Assert.True(state.MarkApplied("parent-instance", 3));
        Assert.Equal(5, state.Applied["parent-instance"]);
        Assert.False(state.Applied.ContainsKey(SenderOf("r1")));
    }

    [Fact]
    public void MarkApplied_BeyondTheBound_ForgetsTheOldest()
    {
        var state = new EntityEngineState();
        for (var i = 0; i <= ClientRequests.Remembered; i++)
        {
            state.MarkApplied(SenderOf($"r{i}"), 1);
        }

        Assert.Equal(ClientRequests.Remembered, state.RecentRequests!.Count);
        Assert.False(state.HasApplied(SenderOf("r0"), 1));
        Assert.True(state.HasApplied(SenderOf($"r{ClientRequests.Remembered}"), 1));
    }

    [Fact]
    public void CloneAndJson_KeepTheStartRequestAndRecentRequests_CloneIsIndependent()
    {
        var state = new EngineState { StartRequestId = "start-1" };
        state.MarkApplied(SenderOf("r1"), 1);

        var clone = state.Clone();
        clone.MarkApplied(SenderOf("r2"), 1);
        var parsed = EngineState.Parse(state.ToJson());

        Assert.Equal("start-1", clone.StartRequestId);
        Assert.Equal(["r1", "r2"], clone.RecentRequests!);
        Assert.Equal(["r1"], state.RecentRequests!);
        Assert.Equal("start-1", parsed.StartRequestId);
        Assert.Equal(["r1"], parsed.RecentRequests!);
        Assert.DoesNotContain("recentRequests", new EngineState().ToJson(), StringComparison.Ordinal);
    }
}
