using MyWorkflows.Workflows;
using OrleansWorkflows;
using OrleansWorkflows.Testing;
using Xunit;

namespace MyWorkflows.Tests;

/// <summary>The workflows of this project on the test kit's host: in memory, no cluster code, no ports.</summary>
public sealed class ProcessOrderTests
{
    [Fact]
    public async Task ProcessOrder_ChargesAndAddsToTheCustomersTotal()
    {
        await using var host = await WorkflowTestHost.StartAsync(o => o.Registry.AddWorkflowsFromAssembly(typeof(ProcessOrder).Assembly));

        var id = await host.Client.StartAsync(nameof(ProcessOrder), new Order("alice", 4200));
        var status = await host.Client.WaitForCompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, status.RuntimeStatus);
        Assert.Equal("Charged 4200 cents to alice", status.ReadOutputAs<string>());
        Assert.Equal(4200, await host.Client.GetEntityStateAsync<int>(new EntityId(nameof(CustomerTotal), "alice")));
    }

    [Fact]
    public async Task TwoOrders_AddUpInTheCustomersTotal()
    {
        await using var host = await WorkflowTestHost.StartAsync(o => o.Registry.AddWorkflowsFromAssembly(typeof(ProcessOrder).Assembly));

        await host.Client.WaitForCompletionAsync(await host.Client.StartAsync(nameof(ProcessOrder), new Order("bob", 100)));
        await host.Client.WaitForCompletionAsync(await host.Client.StartAsync(nameof(ProcessOrder), new Order("bob", 250)));

        Assert.Equal(350, await host.Client.GetEntityStateAsync<int>(new EntityId(nameof(CustomerTotal), "bob")));
    }
}
