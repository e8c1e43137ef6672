using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OrleansWorkflows.DurableTaskGrpcTests.Harness;

using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;

/// <summary>An app using the NuGet SDK only: a Durable Task worker (running <paramref name="tasks"/>) and client over one
/// channel, with gRPC's default limits (a message received is at most 4 MB: a longer history must be streamed).</summary>
public sealed class SdkWorker : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly GrpcChannel _channel;

    private SdkWorker(IHost host, GrpcChannel channel)
    {
        _host = host;
        _channel = channel;
    }

    public DurableTaskClient Client => _host.Services.GetRequiredService<DurableTaskClient>();

    /// <summary>Starts a worker (when <paramref name="tasks"/> is given) and a client against <paramref name="address"/>.</summary>
    /// <param name="address">The sidecar endpoint.</param>
    /// <param name="tasks">The orchestrators and activities the worker serves; <c>null</c> for a client only.</param>
    /// <param name="apiKey">Sent as <c>x-functions-key</c> metadata on every call.</param>
    /// <param name="options">Adjusts the worker's options (e.g. its concurrency).</param>
    public static async Task<SdkWorker> StartAsync(Uri address, Action<DurableTaskRegistry>? tasks, string? apiKey = null, Action<DurableTaskWorkerOptions>? options = null)
    {
        var channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            Credentials = apiKey is null ? null : ChannelCredentials.Create(ChannelCredentials.Insecure, CallCredentials.FromInterceptor((_, metadata) =>
            {
                metadata.Add("x-functions-key", apiKey);
                return Task.CompletedTask;
            })),
            UnsafeUseInsecureChannelCallCredentials = apiKey is not null,
        });
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        if (tasks is not null)
        {
            builder.Services.AddDurableTaskWorker(worker =>
            {
                worker.UseGrpc(channel);
                worker.AddTasks(tasks);
                if (options is not null)
                {
                    worker.Configure(options);
                }
            });
        }

        builder.Services.AddDurableTaskClient(client => client.UseGrpc(channel));
        var host = builder.Build();
        await host.StartAsync();
        return new SdkWorker(host, channel);
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _host.StopAsync(timeout.Token);
        _host.Dispose();
        await _channel.ShutdownAsync();
        _channel.Dispose();
    }
}
