using Grpc.Net.Client;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OrleansWorkflows.ProcessTests;

/// <summary>
/// An app written with the Durable Task SDK only (NuGet <c>Microsoft.DurableTask.Worker.Grpc</c> and <c>Client.Grpc</c>
/// 1.28.0), connected to a gateway's gRPC endpoint: a worker serving orchestrations and activities that no silo
/// registers (names <c>Sdk*</c>), and a client. <c>SdkGate</c> holds its call until the test opens <see cref="Gate"/>.
/// </summary>
internal sealed class DurableTaskSdkApp : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly GrpcChannel _channel;

    private DurableTaskSdkApp(IHost host, GrpcChannel channel, TaskCompletionSource gateEntered, TaskCompletionSource gate)
    {
        _host = host;
        _channel = channel;
        GateEntered = gateEntered;
        Gate = gate;
    }

    /// <summary>The gated activity's call has begun (at least once).</summary>
    public TaskCompletionSource GateEntered { get; }

    /// <summary>Opened by the test: the gated activity's calls return.</summary>
    public TaskCompletionSource Gate { get; }

    public DurableTaskClient Client => _host.Services.GetRequiredService<DurableTaskClient>();

    public static async Task<DurableTaskSdkApp> StartAsync(int grpcPort)
    {
        var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}");
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        var gateEntered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        builder.Services.AddDurableTaskWorker(worker =>
        {
            worker.UseGrpc(channel);
            worker.AddTasks(tasks => tasks
                .AddOrchestratorFunc<object?, string[]>("SdkHelloCities", async (context, _) =>
                [
                    await context.CallActivityAsync<string>("SdkSayHello", "Tokyo"),
                    await context.CallActivityAsync<string>("SdkSayHello", "Seattle"),
                    await context.CallActivityAsync<string>("SdkSayHello", "London"),
                ])
                .AddOrchestratorFunc<object?, string[]>("SdkHelloGated", async (context, _) =>
                [
                    await context.CallActivityAsync<string>("SdkSayHello", "Tokyo"),
                    await context.CallActivityAsync<string>("SdkGate", "Seattle"),
                    await context.CallActivityAsync<string>("SdkSayHello", "London"),
                ])
                .AddActivityFunc<string, string>("SdkSayHello", (_, city) => $"Hello {city}!")
                .AddActivityFunc<string, string>("SdkGate", async (_, city) =>
                {
                    gateEntered.TrySetResult();
                    await gate.Task;
                    return $"Gated {city}!";
                }));
        });
        builder.Services.AddDurableTaskClient(client => client.UseGrpc(channel));
        var host = builder.Build();
        await host.StartAsync();
        return new DurableTaskSdkApp(host, channel, gateEntered, gate);
    }

    public async ValueTask DisposeAsync()
    {
        Gate.TrySetResult();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _host.StopAsync(timeout.Token);
        _host.Dispose();
        await _channel.ShutdownAsync();
        _channel.Dispose();
    }
}
