using OrleansWorkflows.Samples;
using OrleansWorkflows.Storage.AzureStorage;
using OrleansWorkflows.Testing;
using OrleansWorkflows.TestKitTests.Workflows;
using OrleansWorkflows.TestSupport;
using Xunit;

namespace OrleansWorkflows.TestKitTests;

/// <summary>
/// The host on a store of the test's choice (<see cref="WorkflowTestHostOptions.UseStore"/>): the Azure Storage store on
/// a throwaway Azurite. Time skips as on the in-memory store, and instances outlive the host: a second host on the same
/// tables carries on.
/// </summary>
public sealed class StoreChoiceTests(AzuriteServer azurite) : IClassFixture<AzuriteServer>
{
    [Fact]
    public async Task Host_OnAzurite_SkipsTime_AndASecondHostOnTheSameTablesCarriesOn()
    {
        var prefix = "kit" + Guid.NewGuid().ToString("N")[..8];
        string reminder;
        string approval;
        await using (var first = await StartAsync(prefix))
        {
            reminder = await first.Client.StartAsync(nameof(MonthlyReminder), "ada@example.com");
            Assert.Equal(OrchestrationRuntimeStatus.Completed, (await first.WaitAsync(reminder)).RuntimeStatus);
            Assert.Equal(TestHosts.Start.AddDays(30), first.Clock.UtcNow);

            approval = await first.Client.StartAsync(nameof(Approval), new ApprovalRequest(3600));
            await first.Clock.AdvanceAsync(TimeSpan.Zero);
            Assert.Equal(OrchestrationRuntimeStatus.Running, (await first.Client.GetStatusAsync(approval))!.RuntimeStatus);
        }

        await using var second = await StartAsync(prefix);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await second.Client.GetStatusAsync(reminder))!.RuntimeStatus);
        await second.Client.RaiseEventAsync(approval, Approval.EventName, true);
        Assert.Equal("Approved", (await second.WaitAsync(approval)).ReadOutputAs<string>());
    }

    [Fact]
    public async Task UseStore_WhoseFactoryReturnsNull_FailsTheStartSayingSo()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => WorkflowTestHost.StartAsync(o => o.UseStore(() => null!)));

        Assert.Contains("UseStore", error.Message, StringComparison.Ordinal);
    }

    private Task<WorkflowTestHost> StartAsync(string prefix) => TestHosts.StartAsync(o => o.UseStore(() =>
        new AzureWorkflowStore(new AzureStorageAccount(new AzureStorageOptions { ConnectionString = azurite.ConnectionString, Prefix = prefix }))));
}
