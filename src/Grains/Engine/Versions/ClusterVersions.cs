using System.Text.Json;
using Microsoft.Extensions.Options;
using Orleans.Metadata;
using OrleansWorkflows.Hosting;

namespace OrleansWorkflows.Engine;

/// <summary>
/// Which orchestration versions each silo of the cluster registers: every silo publishes its own (name, version) pairs
/// as a property of the orchestration grain type in its Orleans grain manifest (<see cref="OrchestrationVersionsProperty"/>),
/// and Orleans shares the manifests across the cluster (including silos that join later). Read by the placement of
/// orchestration instances (<see cref="VersionPlacementDirector"/>) and by an instance whose version its silo lacks.
/// </summary>
internal sealed class ClusterVersions(IClusterManifestProvider manifests, IOptions<WorkflowEngineOptions> options)
{
    /// <summary>The grain property holding a silo's registrations (JSON: an array of [name, version] pairs; "" unversioned).</summary>
    public const string PropertyKey = "ow.orchestrations";

    private static readonly GrainType OrchestrationType = GrainType.Create("orchestration");
    private Snapshot? _snapshot;

    /// <summary>The property value this silo publishes.</summary>
    public static string Describe(WorkflowRegistry registry) => JsonSerializer.Serialize(
        registry.OrchestratorVersions.Select(v => new[] { v.Name.ToUpperInvariant(), (v.Version ?? string.Empty).ToUpperInvariant() })
            .OrderBy(p => p[0], StringComparer.Ordinal).ThenBy(p => p[1], StringComparer.Ordinal));

    /// <summary>True when this silo runs instances of <paramref name="name"/> that started as <paramref name="version"/>.</summary>
    public bool RunsHere(string name, string? version) => options.Value.Registry.HasOrchestrator(name, version);

    /// <summary>The silos of the cluster that run instances of (<paramref name="name"/>, <paramref name="version"/>).</summary>
    public SiloAddress[] SilosWith(string name, string? version)
    {
        var snapshot = Current();
        return [.. snapshot.BySilo.Where(s => s.Value.Runs(name, version)).Select(s => s.Key)];
    }

    /// <summary>True when <paramref name="silo"/> runs instances of (<paramref name="name"/>, <paramref name="version"/>).</summary>
    public bool Runs(SiloAddress silo, string name, string? version) =>
        Current().BySilo.TryGetValue(silo, out var registered) && registered.Runs(name, version);

    /// <summary>True when every silo of <paramref name="silos"/> registers the same orchestration versions (the usual case:
    /// placement then needs no look-up).</summary>
    public bool AllAlike(IReadOnlyList<SiloAddress> silos)
    {
        var snapshot = Current();
        string? first = null;
        foreach (var silo in silos)
        {
            var text = snapshot.BySilo.TryGetValue(silo, out var registered) ? registered.Text : string.Empty;
            if (first is null)
            {
                first = text;
            }
            else if (!string.Equals(first, text, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private Snapshot Current()
    {
        var manifest = manifests.Current;
        var snapshot = _snapshot;
        if (snapshot is null || snapshot.Version != manifest.Version)
        {
            _snapshot = snapshot = new Snapshot(manifest.Version, manifest.Silos.ToDictionary(s => s.Key, s => SiloVersions.Parse(s.Value)));
        }

        return snapshot;
    }

    private sealed record Snapshot(MajorMinorVersion Version, Dictionary<SiloAddress, SiloVersions> BySilo);

    /// <summary>One silo's registrations, upper-cased (names and versions are case-insensitive).</summary>
    private sealed class SiloVersions(string text, HashSet<string> names, HashSet<(string, string)> pairs)
    {
        private static readonly SiloVersions None = new(string.Empty, [], []);

        public string Text => text;

        /// <summary>An unversioned instance runs wherever the name is registered (its unversioned registration, else the
        /// default version); a versioned one only where that version is.</summary>
        public bool Runs(string name, string? version) => version is null
            ? names.Contains(name.ToUpperInvariant())
            : pairs.Contains((name.ToUpperInvariant(), version.ToUpperInvariant()));

        public static SiloVersions Parse(GrainManifest manifest)
        {
            if (!manifest.Grains.TryGetValue(OrchestrationType, out var grain) || !grain.Properties.TryGetValue(PropertyKey, out var text))
            {
                return None; // a silo without the engine, or one from before versions: known to run nothing versioned
            }

            string[][] entries;
            try
            {
                entries = JsonSerializer.Deserialize<string[][]>(text) ?? [];
            }
            catch (JsonException)
            {
                return None;
            }

            var valid = entries.Where(e => e.Length == 2).ToList();
            return new SiloVersions(text, [.. valid.Select(e => e[0])], [.. valid.Where(e => e[1].Length > 0).Select(e => (e[0], e[1]))]);
        }
    }
}
