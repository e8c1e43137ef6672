using OrleansWorkflows.Engine;
using OrleansWorkflows.Runtime;
using OrleansWorkflows.Storage;
using Xunit;

namespace OrleansWorkflows.UnitTests.Engine;

/// <summary>The inbox both workflow grains use: durable appends, the highest entry id known, reloads after a commit.</summary>
public sealed class DurableInboxTests
{
    private static readonly DateTime Now = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private readonly InMemoryWorkflowStore _store = new();

    private async Task<DurableInbox> InboxOfNewInstanceAsync(string id)
    {
        var record = new InstanceRecord { InstanceId = id, Name = "Order", ExecutionId = "e1", Status = OrchestrationRuntimeStatus.Running, CreatedAt = Now };
        await _store.CommitAsync(new InstanceCommit { Record = record, ExpectedVersion = 0 });
        return new DurableInbox(id, _store, () => Now);
    }

    [Fact]
    public async Task Append_IsStoredAndHeld_ARepeatedRequestIdIsNeitherStoredNorHeld()
    {
        var inbox = await InboxOfNewInstanceAsync("a");

        var first = await inbox.AppendAsync(WorkflowMessages.EventRaised("Approval", "true"), null, 0, requestId: "req-1");
        var repeat = await inbox.AppendAsync(WorkflowMessages.EventRaised("Approval", "true"), null, 0, requestId: "req-1");

        Assert.Equal((InboxAppendResult.Appended, true), first);
        Assert.Equal((InboxAppendResult.Duplicate, false), repeat);
        var held = Assert.Single(inbox.Entries);
        Assert.Equal(held.Id, inbox.Seen);
        Assert.Equal(held, Assert.Single((await _store.LoadAsync("a"))!.Inbox));
    }

    [Fact]
    public async Task Append_ToAMissingInstance_IsNotFound_NothingHeld()
    {
        var inbox = new DurableInbox("missing", _store, () => Now);

        var result = await inbox.AppendAsync(WorkflowMessages.Wake(), null, 0, null);

        Assert.Equal((InboxAppendResult.NotFound, false), result);
        Assert.Empty(inbox.Entries);
    }

    [Fact]
    public async Task Reload_AddsWhatACommitPutInTheInbox_InStoreOrder_AndSeesIt()
    {
        var inbox = await InboxOfNewInstanceAsync("b");
        await inbox.AppendAsync(WorkflowMessages.EventRaised("First", null), "parent", 1, null);
        var loaded = (await _store.LoadAsync("b"))!;
        await _store.CommitAsync(new InstanceCommit { Record = loaded.Record, ExpectedVersion = loaded.Record.Version, AddInbox = ["carried"] });

        inbox.Reload((await _store.LoadAsync("b"))!.Inbox);

        Assert.Equal(["First", "carried"], inbox.Entries.Select(e => e.MessageJson.Contains("First", StringComparison.Ordinal) ? "First" : e.MessageJson));
        Assert.Equal(inbox.Entries[^1].Id, inbox.Seen);
        inbox.Remove(new HashSet<long> { inbox.Entries[0].Id });
        Assert.Equal("carried", Assert.Single(inbox.Entries).MessageJson);
    }
}
