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
/// 1.28.0), connected to a gateway's gRPC endpoint (or to several, through its <see cref="GatewayRouter"/>): a worker
/// serving orchestrations and activities that no silo registers (names <c>Sdk*</c>), and a client. <c>SdkGate</c> holds
/// its call until the test opens <see cref="Gate"/>. It counts the activity calls and orchestrator episodes it ran.
/// </summary>
internal sealed class DurableTaskSdkApp : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly GrpcChannel _channel;
    private readonly AppTasks _tasks;

    private DurableTaskSdkApp(IHost host, GrpcChannel channel, GatewayRouter router, AppTasks tasks)
    {
        _host = host;
        _channel = channel;
        Router = router;
        _tasks = tasks;
    }

    /// <summary>The gated activity's call has begun (at least once).</summary>
    public TaskCompletionSource GateEntered => _tasks.GateEntered;

    /// <summary>Opened by the test: the gated activity's calls return.</summary>
    public TaskCompletionSource Gate => _tasks.Gate;

    /// <summary>Where the app's calls went.</summary>
    public GatewayRouter Router { get; }

    /// <summary>Activity calls this app's worker ran (every attempt).</summary>
    public int ActivityCalls => Volatile.Read(ref _tasks.Activities);

    /// <summary>Orchestrator episodes this app's worker ran.</summary>
    public int Episodes => Volatile.Read(ref _tasks.Episodes);

    /// <summary>Calls of the gated activity this app's worker began.</summary>
    public int GateCalls => Volatile.Read(ref _tasks.GateCalls);

    public DurableTaskClient Client => _host.Services.GetRequiredService<DurableTaskClient>();

    /// <summary>An app connected to the gRPC endpoint on <paramref name="grpcPort"/>, serving every <c>Sdk*</c> name.</summary>
    public static Task<DurableTaskSdkApp> StartAsync(int grpcPort) =>
        StartAsync(GatewayRouter.To(new Uri($"http://127.0.0.1:{grpcPort}")), gate: true, filtered: false);

    /// <summary>
    /// An app whose calls go through <paramref name="router"/>. With <paramref name="gate"/> it serves <c>SdkGate</c>;
    /// with <paramref name="filtered"/> its worker sends work-item filters of what it registers (so the gateways send it
    /// nothing else), else it takes every name.
    /// </summary>
    public static async Task<DurableTaskSdkApp> StartAsync(GatewayRouter router, bool gate, bool filtered)
    {
        var channel = GrpcChannel.ForAddress(router.Address, new GrpcChannelOptions { HttpHandler = router });
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        var appTasks = new AppTasks();
        builder.Services.AddDurableTaskWorker(worker =>
        {
            worker.UseGrpc(channel);
            worker.AddTasks(tasks => appTasks.Register(tasks, gate));
            if (filtered)
            {
                worker.UseWorkItemFilters();
            }
        });
        builder.Services.AddDurableTaskClient(client => client.UseGrpc(channel));
        var host = builder.Build();
        await host.StartAsync();
        return new DurableTaskSdkApp(host, channel, router, appTasks);
    }

    public async ValueTask DisposeAsync()
    {
        Gate.TrySetResult();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _host.StopAsync(timeout.Token);
        _host.Dispose();
        await _channel.ShutdownAsync();
        _channel.Dispose();
        Router.Dispose();
    }

    /// <summary>The app's orchestrators and activities, and what they count.</summary>
    private sealed class AppTasks
    {
        public int Activities;
        public int Episodes;
        public int GateCalls;

        public TaskCompletionSource GateEntered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Greets Tokyo, Seattle (with activity <paramref name="seattle"/>) and London, one after the other.</summary>
        private Func<TaskOrchestrationContext, object?, Task<string[]>> HelloCities(string seattle) => async (context, _) =>
        {
            Interlocked.Increment(ref Episodes);
            return
            [
                await context.CallActivityAsync<string>("SdkSayHello", "Tokyo"),
                await context.CallActivityAsync<string>(seattle, "Seattle"),
                await context.CallActivityAsync<string>("SdkSayHello", "London"),
            ];
        };

        public void Register(DurableTaskRegistry tasks, bool gate)
        {
            tasks
                .AddOrchestratorFunc("SdkHelloCities", HelloCities(seattle: "SdkSayHello"))
                .AddOrchestratorFunc("SdkHelloGated", HelloCities(seattle: "SdkGate"))
                .AddOrchestratorFunc<int, int>("SdkSumOfSquares", async (context, n) =>
                {
                    Interlocked.Increment(ref Episodes);
                    var squares = await Task.WhenAll(Enumerable.Range(1, n).Select(i => context.CallActivityAsync<int>("SdkSquare", i)));
                    return squares.Sum();
                })
                .AddActivityFunc<string, string>("SdkSayHello", (_, city) =>
                {
                    Interlocked.Increment(ref Activities);
                    return $"Hello {city}!";
                })
                .AddActivityFunc<int, int>("SdkSquare", (_, i) =>
                {
                    Interlocked.Increment(ref Activities);
                    return i * i;
                });
            if (gate)
            {
                tasks.AddActivityFunc<string, string>("SdkGate", async (_, city) =>
                {
                    Interlocked.Increment(ref Activities);
                    Interlocked.Increment(ref GateCalls);
                    GateEntered.TrySetResult();
                    await Gate.Task;
                    return $"Gated {city}!";
                });
            }
        }
    }
}
