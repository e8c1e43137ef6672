using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Configuration;
using OrleansWorkflows.Hosting;
using OrleansWorkflows.Samples;

namespace OrleansWorkflows.GatewayTests.Failover;

/// <summary>
/// The gateway in front of a two-silo in-process cluster (shared store and membership): one silo is killed
/// while clients poll statuses and start instances through the gateway. No request gets a 5xx: calls that hit the dead
/// silo are retried (same instance id and request id) until the cluster has moved on.
/// </summary>
public sealed class SiloFailoverTests : IAsyncLifetime
{
    private readonly InMemoryTestCluster _cluster = new(2, silo =>
    {
        silo.AddOrleansWorkflows(o =>
        {
            o.Registry.AddSamples();
            o.ActivityLease = TimeSpan.FromSeconds(2);
            o.RecoveryInterval = TimeSpan.FromSeconds(2);
        });
        silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
    });

    public Task InitializeAsync() => _cluster.DeployAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task SiloKilledWhileClientsPollAndStart_NoServerErrors_InstancesCarryOn()
    {
        // The in-process cluster talks over an in-memory transport, so the gateway's endpoints get a WorkflowClient over
        // the cluster's own client (the gateway's retry deadline) instead of a TCP connection of their own.
        using var gateway = new GatewayFactory().WithWebHostBuilder(b => b.ConfigureTestServices(services => services
            .RemoveAll<WorkflowClient>()
            .AddSingleton(new WorkflowClient(_cluster.Client) { TransientRetryBudget = TimeSpan.FromSeconds(30) })));
        using var http = gateway.CreateClient();
        var waiting = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            waiting.Add(await http.StartInstanceAsync("Approval", $"failover-{i}-{Guid.NewGuid():N}", "{\"timeoutSeconds\":3600}"));
        }

        var failures = new ConcurrentQueue<string>();
        var started = new ConcurrentQueue<string>();
        using var stop = new CancellationTokenSource();
        var traffic = Task.WhenAll(
            PollAsync(http, waiting, failures, stop.Token),
            StartAsync(http, started, failures, stop.Token));

        var victim = _cluster.Silos[^1];
        await _cluster.KillSiloAsync(victim);
        await _cluster.WaitUntilDeclaredDeadAsync(victim.SiloAddress);
        var afterKill = started.Count;
        await DurableApi.EventuallyAsync(() => Task.FromResult(started.Count >= afterKill + 3), "three more starts after the silo died");
        await stop.CancelAsync();
        await traffic;

        Assert.True(failures.IsEmpty, string.Join(Environment.NewLine, failures.Take(3)));
        foreach (var id in waiting)
        {
            using var approve = await http.RaiseEventAsync(id, "Approval", "true");
            Assert.Equal(HttpStatusCode.Accepted, approve.StatusCode);
            Assert.Equal("Approved", (await http.WaitForFinishedAsync(id)).GetProperty("output").GetString());
        }

        foreach (var id in started)
        {
            Assert.Equal("Completed", (await http.WaitForFinishedAsync(id)).GetProperty("runtimeStatus").GetString());
        }
    }

    private static async Task PollAsync(HttpClient http, List<string> ids, ConcurrentQueue<string> failures, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            foreach (var id in ids)
            {
                using var response = await http.GetStatusAsync(id);
                if (response.StatusCode != HttpStatusCode.Accepted)
                {
                    failures.Enqueue($"status {id}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }
            }
        }
    }

    private static async Task StartAsync(HttpClient http, ConcurrentQueue<string> started, ConcurrentQueue<string> failures, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            using var response = await http.StartAsync("HelloSequence");
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                started.Enqueue((await response.ReadJsonAsync()).GetProperty("id").GetString()!);
            }
            else
            {
                failures.Enqueue($"start: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }
    }
}
