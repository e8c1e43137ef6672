namespace OrleansWorkflows.DurableTaskGrpcTests.Protocol;

using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OrleansWorkflows.DurableTaskGrpcTests.Harness;
using OrleansWorkflows.Testing;

/// <summary>
/// An instance held up by a missing remote worker says so in its status (<c>WaitingFor</c> of <see cref="WorkflowClient"/>,
/// <c>waitingFor</c> of the HTTP status), for its own episodes and for an activity call, and stops saying so once a
/// worker serves it.
/// </summary>
public sealed class WaitingForWorkerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task RemoteOrchestration_WithNoWorker_ShowsItWaitsForOne_InTheClientAndHttpStatus()
    {
        await using var gateway = await GatewayHost.StartAsync();
        await using var app = await SdkWorker.StartAsync(gateway.GrpcAddress, tasks: null);
        using var timeout = new CancellationTokenSource(Timeout);
        var client = gateway.Services.GetRequiredService<WorkflowClient>();

        var id = await app.Client.ScheduleNewOrchestrationInstanceAsync("HelloSequence", cancellation: timeout.Token);

        var waiting = await WaitingStatusAsync(client, id);
        Assert.Equal("a worker for orchestration 'HelloSequence'", waiting.WaitingFor);
        Assert.Equal(OrchestrationRuntimeStatus.Running, waiting.RuntimeStatus);
        Assert.Equal("a worker for orchestration 'HelloSequence'", await HttpWaitingForAsync(gateway, id));

        await using var worker = await SdkWorker.StartAsync(gateway.GrpcAddress, ScenarioTasks.Register);
        var done = await client.WaitForCompletionAsync(id, timeout.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Null((await client.GetStatusAsync(id, cancellationToken: timeout.Token))!.WaitingFor);
        Assert.Null(await HttpWaitingForAsync(gateway, id));
    }

    [Fact]
    public async Task RemoteActivity_WithNoWorker_ShowsItWaitsForOne()
    {
        await using var gateway = await GatewayHost.StartAsync(engine: o => o.Registry.AddOrchestrator<LocalCallsRemote>());
        using var timeout = new CancellationTokenSource(Timeout);
        var client = gateway.Services.GetRequiredService<WorkflowClient>();

        var id = await client.StartAsync(nameof(LocalCallsRemote), "Quito", cancellationToken: timeout.Token);

        var waiting = await WaitingStatusAsync(client, id);
        Assert.Equal("a worker for activity 'SayHello'", waiting.WaitingFor);

        await using var worker = await SdkWorker.StartAsync(gateway.GrpcAddress, ScenarioTasks.Register);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await client.WaitForCompletionAsync(id, timeout.Token)).RuntimeStatus);
    }

    /// <summary>The status once it names what the instance waits for (its first episode commits first).</summary>
    internal static Task<OrchestrationMetadata> WaitingStatusAsync(WorkflowClient client, string id) =>
        Eventually.ValueAsync(
            async () =>
            {
                var status = await client.GetStatusAsync(id);
                return (status?.WaitingFor is not null, status!, $"{status?.RuntimeStatus}, waiting for {status?.WaitingFor ?? "(nothing said)"}");
            },
            Timeout,
            "the status says what the instance waits for");

    private static async Task<string?> HttpWaitingForAsync(GatewayHost gateway, string id)
    {
        using var http = new HttpClient { BaseAddress = gateway.HttpAddress };
        using var response = await http.GetAsync(new Uri($"/runtime/webhooks/durabletask/instances/{Uri.EscapeDataString(id)}", UriKind.Relative));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.TryGetProperty("waitingFor", out var waitingFor) ? waitingFor.GetString() : null;
    }
}
