using OrleansWorkflows.Storage;
using Xunit;

namespace OrleansWorkflows.StorageConformanceTests.Rules;

/// <summary>Duplicate detection and entry ids of inbox appends (<see cref="StoreRules.DecideAppend"/>).</summary>
public sealed class StoreRulesMailboxTests
{
    private static readonly DateTime At = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Append_ToAMissingInstance_IsNotFound_AndTakesNoId()
    {
        long last = 7;
        Assert.Equal(new InboxAppend(InboxAppendResult.NotFound, 0), StoreRules.DecideAppend<Receipts>(null, "s", 1, null, At, ref last));
        Assert.Equal(7, last);
    }

    [Fact]
    public void SequencedAppend_TheSecondTimeOfASenderSequence_IsADuplicate()
    {
        var receipts = new Receipts();
        long last = 7;
        Assert.Equal(new InboxAppend(InboxAppendResult.Appended, 8), StoreRules.DecideAppend(receipts, "s", 1, null, At, ref last));
        Assert.Equal(new InboxAppend(InboxAppendResult.Duplicate, 0), StoreRules.DecideAppend(receipts, "s", 1, null, At, ref last));
        Assert.Equal(new InboxAppend(InboxAppendResult.Appended, 9), StoreRules.DecideAppend(receipts, "s", 2, null, At, ref last));
        Assert.Equal(new InboxAppend(InboxAppendResult.Appended, 10), StoreRules.DecideAppend(receipts, "t", 1, null, At, ref last));
        Assert.Equal(10, last);
    }

    [Fact]
    public void RequestAppend_TheSecondTimeOfARequestId_IsADuplicate_AndTheIdIsRecordedWithItsTime()
    {
        var receipts = new Receipts();
        long last = 0;
        Assert.Equal(new InboxAppend(InboxAppendResult.Appended, 1), StoreRules.DecideAppend(receipts, null, 0, "r1", At, ref last));
        Assert.Equal(new InboxAppend(InboxAppendResult.Duplicate, 0), StoreRules.DecideAppend(receipts, null, 0, "r1", At.AddDays(1), ref last));
        Assert.Equal(At, receipts.Requests["r1"]);
    }

    [Fact]
    public void UnsequencedAppend_WithoutRequestId_IsNeverADuplicate()
    {
        var receipts = new Receipts();
        long last = 0;
        StoreRules.DecideAppend(receipts, null, 0, null, At, ref last);
        Assert.Equal(new InboxAppend(InboxAppendResult.Appended, 2), StoreRules.DecideAppend(receipts, null, 0, null, At, ref last));
        Assert.Empty(receipts.Sequences);
    }

    private sealed class Receipts : IInboxReceipts
    {
        public HashSet<(string, long)> Sequences { get; } = [];

        public Dictionary<string, DateTime> Requests { get; } = [];

        public bool TryRecordSequence(string sender, long sequence) => Sequences.Add((sender, sequence));

        public bool TryRecordRequest(string requestId, DateTime receivedAt) => Requests.TryAdd(requestId, receivedAt);
    }
}
