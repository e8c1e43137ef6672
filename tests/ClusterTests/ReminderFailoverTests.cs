using OrleansWorkflows.ClusterTests.Fixture;
using OrleansWorkflows.ClusterTests.TestGrains;
using Xunit;
using Xunit.Abstractions;

namespace OrleansWorkflows.ClusterTests;

/// <summary>Reminders live in the shared table, not on a silo: they keep firing after any silo dies.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ReminderFailoverTests(ClusterFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task KillFirstSilo_RemindersKeepTickingOnTheSurvivors()
    {
        await fixture.EnsureSilosAsync();
        var victim = fixture.Silos[0];

        // Ten grains spread over the hash ring, so the victim's reminder service owns some of their reminders.
        var keys = Enumerable.Range(0, 10).Select(i => $"reminder-failover-{i}").ToList();
        var grains = keys.Select(k => fixture.Client.GetGrain<IReminderProbeGrain>(k)).ToList();
        try
        {
            await Task.WhenAll(grains.Select(g => g.StartAsync(TimeSpan.FromSeconds(1))));
            await Eventually.UntilAsync(() => keys.All(k => fixture.Probe.Count(k) > 0), Budget, "every reminder ticked once");
            Assert.Equal(keys.Count, await StoredRemindersAsync(grains));

            await fixture.KillSiloAsync(victim);
            var ticksAtKill = keys.ToDictionary(k => k, fixture.Probe.Count);

            var resumed = await Eventually.UntilAsync(
                () => keys.All(k => fixture.Probe.Count(k) > ticksAtKill[k]),
                Budget,
                "every reminder ticked again after the kill");
            output.WriteLine($"Every reminder ticked again {resumed.TotalSeconds:0.0} s after the kill.");
            var lateTicks = keys.SelectMany(k => fixture.Probe.Records(k).Skip(ticksAtKill[k]));
            Assert.DoesNotContain(victim.SiloAddress.ToString(), lateTicks);
        }
        finally
        {
            await Task.WhenAll(grains.Select(g => g.StopAsync()));
            await fixture.EnsureSilosAsync();
        }

        Assert.Equal(0, await StoredRemindersAsync(grains));
    }

    /// <summary>How many of <paramref name="grains"/>' reminders the shared table holds (other tests' engine reminders aside).</summary>
    private async Task<int> StoredRemindersAsync(IEnumerable<IReminderProbeGrain> grains)
    {
        var rows = await Task.WhenAll(grains.Select(g => fixture.Shared.Reminders.ReadRows(g.GetGrainId())));
        return rows.Sum(r => r.Reminders.Count);
    }
}
