using OrleansWorkflows.Hosting;
using OrleansWorkflows.Storage;
using Xunit;
using static OrleansWorkflows.Testing.MembershipTestData;

namespace OrleansWorkflows.UnitTests.Storage;

/// <summary>A severed silo (a simulated crash) reaches no shared storage; the other silos still do.</summary>
public sealed class SiloStorageLinkTests
{
    private readonly SharedInMemoryCluster _shared = new();
    private readonly SiloStorageLink _killed = new();
    private readonly SiloStorageLink _survivor = new();

    [Fact]
    public async Task SeveredLink_FailsEveryStoreCall()
    {
        var store = new LinkedWorkflowStore(_shared.Store, _killed);
        await store.CommitAsync(new InstanceCommit { Record = Record("a"), ExpectedVersion = 0 });

        _killed.Sever();

        Assert.True(_killed.IsSevered);
        await Assert.ThrowsAsync<IOException>(() => store.LoadAsync("a"));
        await Assert.ThrowsAsync<IOException>(() => store.CommitAsync(new InstanceCommit { Record = Record("a"), ExpectedVersion = 1 }));
        await Assert.ThrowsAsync<IOException>(() => store.AppendInboxAsync("a", "m", null, 0));
        await Assert.ThrowsAsync<IOException>(() => store.RemoveOutboxAsync("a", [1]));
        Assert.Equal(1, (await new LinkedWorkflowStore(_shared.Store, _survivor).GetRecordAsync("a"))!.Version);
    }

    [Fact]
    public async Task SeveredLink_FailsReminderAndMembershipCalls()
    {
        var reminders = new LinkedReminderTable(_shared.Reminders, _killed);
        var membership = new LinkedMembershipTable(_shared.Membership, _killed);
        await membership.InsertRowAsync(Entry(1000), (await membership.ReadAllAsync()).Version.Next());

        _killed.Sever();

        await Assert.ThrowsAsync<IOException>(() => reminders.ReadRows(0, 0));
        await Assert.ThrowsAsync<IOException>(() => reminders.UpsertRow(new ReminderEntry { GrainId = GrainId.Create("t", "k"), ReminderName = "r" }));
        await Assert.ThrowsAsync<IOException>(() => membership.ReadAllAsync());
        await Assert.ThrowsAsync<IOException>(() => membership.UpdateIAmAliveAsync(Entry(1000)));
        Assert.Single((await new LinkedMembershipTable(_shared.Membership, _survivor).ReadAllAsync()).Members);
    }

    private static InstanceRecord Record(string id) => new()
    {
        InstanceId = id,
        Name = "Orchestration",
        ExecutionId = "exec-1",
        Status = OrchestrationRuntimeStatus.Running,
    };
}
