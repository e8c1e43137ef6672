using OrleansWorkflows.Samples;
using OrleansWorkflows.Testing;
using Xunit;

namespace OrleansWorkflows.TestKitTests;

/// <summary>Activity fakes by name: they replace the registered activity (or stand in for one not registered), typed.</summary>
public sealed class ActivityOverrideTests
{
    [Fact]
    public async Task OverriddenActivity_ReplacesTheRegisteredOne()
    {
        await using var host = await TestHosts.StartAsync(o => o.OverrideActivity(nameof(SayHello), (string city) => $"Fake hello {city}"));

        var status = await host.WaitAsync(await host.Client.StartAsync(nameof(HelloSequence)));

        Assert.Equal(["Fake hello Tokyo", "Fake hello Seattle", "Fake hello London"], status.ReadOutputAs<string[]>()!);
    }

    [Fact]
    public async Task OverrideWithTheCallContext_DrivesRetries_AndTheRetryTimersAreSkipped()
    {
        var attempts = new List<int>();
        await using var host = await TestHosts.StartAsync(o => o.OverrideActivity<object?, int>(nameof(Flaky), (context, _) =>
        {
            lock (attempts)
            {
                attempts.Add(context.Attempt);
            }

            return context.Attempt < 2 ? throw new InvalidOperationException("first attempt fails") : Task.FromResult(context.Attempt * 10);
        }));

        var status = await host.WaitAsync(await host.Client.StartAsync(nameof(Retry)));

        Assert.Equal(20, status.ReadOutputAs<int>());
        Assert.Equal([1, 2], attempts);
        Assert.Equal(TestHosts.Start.AddMilliseconds(500), host.Clock.UtcNow);
    }

    [Fact]
    public async Task Override_OfAnUnregisteredName_AddsTheActivity()
    {
        await using var host = await WorkflowTestHost.StartAsync(o =>
        {
            o.Registry.AddOrchestrator<HelloSequence>();
            o.OverrideActivity(nameof(SayHello), async (string city) =>
            {
                await Task.Yield();
                return city.ToUpperInvariant();
            });
        });

        var status = await host.WaitAsync(await host.Client.StartAsync(nameof(HelloSequence)));

        Assert.Equal(["TOKYO", "SEATTLE", "LONDON"], status.ReadOutputAs<string[]>()!);
    }

    [Fact]
    public void Override_WithAnInvalidOrRepeatedName_IsRefused()
    {
        var options = new WorkflowTestHostOptions().OverrideActivity("Same", (int i) => i);

        Assert.Throws<ArgumentException>(() => options.OverrideActivity("bad/name", (int i) => i));
        Assert.Contains("already overridden", Assert.Throws<InvalidOperationException>(() => options.OverrideActivity("same", (int i) => i)).Message, StringComparison.Ordinal);
        Assert.Equal(["Same"], options.OverriddenActivities);
    }
}
