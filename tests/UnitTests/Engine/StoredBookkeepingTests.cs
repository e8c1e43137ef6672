using OrleansWorkflows.Engine;
using OrleansWorkflows.Entities;
using Xunit;

namespace OrleansWorkflows.UnitTests.Engine;

/// <summary>
/// Engine state stored before the single sequence counter and the retired senders (per-receiver numbers in
/// <c>sent</c>, every sender's watermark in <c>applied</c>) still loads and still deduplicates; finished senders are
/// retired, still recognised, and forgotten after the window.
/// </summary>
public sealed class StoredBookkeepingTests
{
    /// <summary>An entity's engine state as main wrote it before issue 12 item 6 (pinned).</summary>
    private const string OldEntityJson =
        """{"lockOwner":null,"lockExecutionId":null,"sent":{"orch-a":638000000000000012,"orch-b":638000000000000007},"applied":{"orch-a":639000000000000005,"@counter@x":639100000000000002},"lastOutboxId":19,"sequenceBase":638000000000000000}""";

    /// <summary>An orchestration's engine state as main wrote it before issue 12 item 6 (pinned).</summary>
    private const string OldInstanceJson =
        """{"parentExecutionId":null,"parentTaskId":null,"version":null,"sent":{"@counter@x":637000000000000009,"child-1":637000000000000004},"applied":{"@counter@x":639100000000000003},"lastOutboxId":13,"sequenceBase":637000000000000000}""";

    [Fact]
    public void OldEntityState_Loads_DropsItsReceiverList_KeepsDeduplicating_AndNumbersAboveEverythingItSent()
    {
        var state = EntityEngineState.Parse(OldEntityJson);

        Assert.False(state.MarkApplied("orch-a", 639000000000000005)); // re-delivery of the last applied message
        Assert.False(state.MarkApplied("@counter@x", 639100000000000001));
        Assert.True(state.MarkApplied("orch-a", 639000000000000006));
        Assert.Empty(state.Sent);
        Assert.Equal(638000000000000013, state.NextSequence("orch-a", remember: false));
        Assert.Equal(638000000000000014, state.NextSequence("orch-b", remember: false));
        Assert.Equal(19, state.LastOutboxId);
        Assert.Null(state.Retired);
    }

    [Fact]
    public void OldInstanceState_Loads_KeepsDeduplicating_AndNumbersAboveEverythingItSent()
    {
        var state = EngineState.Parse(OldInstanceJson);

        Assert.False(state.MarkApplied("@counter@x", 639100000000000003));
        Assert.Equal(637000000000000010, state.NextSequence("child-1", remember: false));
        Assert.Equal(637000000000000011, state.NextSequence("@counter@x", remember: true));
        Assert.Equal(637000000000000011, EngineState.Parse(state.ToJson()).LastSequence);
    }

    [Fact]
    public void RetiredSender_StillRecognisesItsOldMessages_UntilForgotten_AndIsLiveAgainWhenItSendsMore()
    {
        var at = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var state = new EntityEngineState();
        Assert.True(state.MarkApplied("orch-a", 10));
        Assert.True(state.MarkApplied("orch-a", 11));

        state.Retire("orch-a", 12, at);
        var parsed = EntityEngineState.Parse(state.ToJson());

        Assert.Empty(parsed.Applied);
        Assert.False(parsed.MarkApplied("orch-a", 11)); // a late re-delivery after the sender finished
        Assert.False(parsed.ForgetRetired(at));
        Assert.True(parsed.Clone().MarkApplied("orch-a", 13)); // rewound: sends again above its old numbers
        Assert.True(parsed.ForgetRetired(at.AddTicks(1)));
        Assert.Null(parsed.Retired);
        Assert.DoesNotContain("retired", parsed.ToJson(), StringComparison.Ordinal);
    }

    [Fact]
    public void SingleCounter_IncreasesForEveryReceiver_AndOnlyRememberedReceiversAreListed()
    {
        var state = new EngineState { SequenceBase = 100 };

        Assert.Equal(101, state.NextSequence("@counter@x", remember: true));
        Assert.Equal(102, state.NextSequence("child", remember: false));
        Assert.Equal(103, state.NextSequence("@counter@x", remember: true));
        Assert.Equal(["@counter@x"], state.Sent.Keys);
        Assert.Equal(103, state.Sent["@counter@x"]);
    }
}
