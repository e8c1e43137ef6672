using System.Diagnostics;
using Orleans.TestingHost;
using OrleansWorkflows.ClusterTests.Fixture;
using OrleansWorkflows.ClusterTests.TestGrains;
using Xunit;
using Xunit.Abstractions;

namespace OrleansWorkflows.ClusterTests;

/// <summary>The shared cluster survives the abrupt death of any silo, the first one (the "primary") included.</summary>
[Collection(ClusterCollection.Name)]
public sealed class SiloFailoverTests(ClusterFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan RecoveryBudget = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan PlacementBudget = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan MigrationAttempt = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task KillFirstSilo_ItsGrainsMoveAndTheClusterTakesANewSilo()
    {
        await fixture.EnsureSilosAsync();
        var victim = fixture.Silos[0];
        var placed = await PlaceOnEverySiloAsync("kill-first");
        Assert.Contains(placed, p => p.Host.Equals(victim.SiloAddress));
        Assert.Contains(placed, p => !p.Host.Equals(victim.SiloAddress));

        var kill = Stopwatch.StartNew();
        await fixture.KillSiloAsync(victim);
        var killed = kill.Elapsed;

        var moved = await Eventually.UntilAsync(
            async () => await AllAnswerAwayFromAsync(placed.Select(p => p.Grain), victim.SiloAddress),
            RecoveryBudget,
            "every grain answers from a live silo");
        var dead = await fixture.WaitUntilDeclaredDeadAsync(victim.SiloAddress);
        output.WriteLine($"The kill took {killed.TotalSeconds:0.0} s; then grains answered elsewhere within {moved.TotalSeconds:0.0} s, declared dead within {(moved + dead).TotalSeconds:0.0} s.");

        var added = await fixture.StartAdditionalSiloAsync();
        var onAdded = await ActivateOnAsync(added, "kill-first-new");
        Assert.True(await onAdded.IncrementAsync() >= 1);
        Assert.True(await AllAnswerAwayFromAsync(placed.Select(p => p.Grain), victim.SiloAddress));
        Assert.Equal(ClusterFixture.InitialSilos, fixture.Silos.Count);
    }

    /// <summary>Activates probe grains until every running silo hosts at least one.</summary>
    private async Task<List<(IProbeGrain Grain, SiloAddress Host)>> PlaceOnEverySiloAsync(string prefix)
    {
        var placed = new List<(IProbeGrain Grain, SiloAddress Host)>();
        foreach (var silo in fixture.Silos)
        {
            var grain = await ActivateOnAsync(silo, $"{prefix}-{silo.SiloAddress.Endpoint.Port}");
            placed.Add((grain, silo.SiloAddress));
        }

        return placed;
    }

    /// <summary>
    /// Returns a probe grain active on <paramref name="silo"/>: a fresh key placed there, else one migrated there. A silo
    /// that just joined (an earlier test may have replaced a killed one) gets placements and migrations only once the
    /// cluster's views hold it, and <c>MigrateAsync</c> waits for the move without a bound: each round is bounded and
    /// retried until the deadline.
    /// </summary>
    private async Task<IProbeGrain> ActivateOnAsync(InProcessSiloHandle silo, string prefix)
    {
        IProbeGrain? found = null;
        var round = 0;
        await Eventually.UntilAsync(
            async () =>
            {
                var n = round++;
                for (var i = 0; i < 20; i++)
                {
                    var grain = fixture.Client.GetGrain<IProbeGrain>($"{prefix}-{n}-{i}");
                    if ((await grain.WhereAsync()).Equals(silo.SiloAddress))
                    {
                        found = grain;
                        return true;
                    }
                }

                var migrated = fixture.Client.GetGrain<IProbeGrain>($"{prefix}-migrated-{n}");
                await migrated.WhereAsync();
                await fixture.Cluster.MigrateAsync(migrated.GetGrainId(), silo.SiloAddress).WaitAsync(MigrationAttempt);
                if ((await migrated.WhereAsync()).Equals(silo.SiloAddress))
                {
                    found = migrated;
                    return true;
                }

                return false;
            },
            PlacementBudget,
            $"a probe grain active on {silo.SiloAddress}");
        return found!;
    }

    private static async Task<bool> AllAnswerAwayFromAsync(IEnumerable<IProbeGrain> grains, SiloAddress deadSilo)
    {
        foreach (var grain in grains)
        {
            if ((await grain.WhereAsync()).Equals(deadSilo))
            {
                return false;
            }
        }

        return true;
    }
}
