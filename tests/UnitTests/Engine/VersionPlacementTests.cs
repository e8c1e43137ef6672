using System.Collections.Immutable;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Metadata;
using Orleans.Runtime.Placement;
using OrleansWorkflows.Engine;
using OrleansWorkflows.Hosting;
using OrleansWorkflows.Storage;
using Xunit;

namespace OrleansWorkflows.UnitTests.Engine;

/// <summary>
/// Where an orchestration instance is placed during a rolling deploy (issue 16): silo A registers version 1 of
/// <c>Order</c>, silo B versions 1 and 2. A start goes where the version it asks for is, any other activation where the
/// version its record holds is; with no version known, or silos all alike, the default placement chooses among all.
/// </summary>
public sealed class VersionPlacementTests
{
    private static readonly SiloAddress A = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11111), 1);
    private static readonly SiloAddress B = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11112), 1);
    private readonly InMemoryWorkflowStore _store = new();
    private readonly RecordingDirector _fallback = new();

    [Fact]
    public async Task Start_AskingForVersion2_IsPlacedOnlyWhereVersion2Is_AndVersion1AnywhereThatHasIt()
    {
        var director = Director(new() { [A] = ["1"], [B] = ["1", "2"] });

        await director.OnAddActivation(new OrchestrationVersionPlacement(), Target("i-1", start: ("Order", "2")), new Context());
        Assert.Equal([B], _fallback.Offered);

        await director.OnAddActivation(new OrchestrationVersionPlacement(), Target("i-2", start: ("Order", "1")), new Context());
        Assert.Equal([A, B], _fallback.Offered);

        await director.OnAddActivation(new OrchestrationVersionPlacement(), Target("i-3", start: ("ORDER", null)), new Context());
        Assert.Equal([A, B], _fallback.Offered);
    }

    [Fact]
    public async Task ExistingInstance_IsPlacedByTheVersionItsRecordHolds_AHintForAnotherInstanceIsIgnored()
    {
        await _store.CommitAsync(new InstanceCommit
        {
            Record = new InstanceRecord { InstanceId = "stored-v2", Name = "Order", ExecutionId = "e", Status = OrchestrationRuntimeStatus.Running, OrchestrationVersion = "2" },
            ExpectedVersion = 0,
            ReplaceHistory = true,
        });
        var director = Director(new() { [A] = ["1"], [B] = ["1", "2"] });

        await director.OnAddActivation(new OrchestrationVersionPlacement(), Target("stored-v2", start: null), new Context());
        Assert.Equal([B], _fallback.Offered);

        await director.OnAddActivation(new OrchestrationVersionPlacement(), Target("stored-v2", start: ("Order", "1"), hintFor: "someone-else"), new Context());
        Assert.Equal([B], _fallback.Offered);

        await director.OnAddActivation(new OrchestrationVersionPlacement(), Target("never-started", start: null), new Context());
        Assert.Equal([A, B], _fallback.Offered);
    }

    [Fact]
    public async Task AMigrationHint_IsFollowedOnlyToASiloWithTheVersion()
    {
        var director = Director(new() { [A] = ["1"], [B] = ["1", "2"] });

        var toB = await director.OnAddActivation(new OrchestrationVersionPlacement(), Target("m-1", start: ("Order", "2"), placementHint: B), new Context());
        await director.OnAddActivation(new OrchestrationVersionPlacement(), Target("m-2", start: ("Order", "2"), placementHint: A), new Context());

        Assert.Equal(B, toB);
        Assert.Equal([B], _fallback.Offered);
    }

    [Fact]
    public async Task SilosThatAllRegisterTheSameVersions_LeaveThePlacementToTheDefault_Untouched()
    {
        var director = Director(new() { [A] = ["1", "2"], [B] = ["2", "1"] });
        var context = new Context();

        await director.OnAddActivation(new OrchestrationVersionPlacement(), Target("same", start: ("Order", "2")), context);

        Assert.Same(context, _fallback.Context);
    }

    [Fact]
    public async Task AVersionNoSiloRegisters_MayGoAnywhere_TheInstanceThenAppliesItsPolicy()
    {
        var director = Director(new() { [A] = ["1"], [B] = ["1", "2"] });

        await director.OnAddActivation(new OrchestrationVersionPlacement(), Target("v9", start: ("Order", "9")), new Context());

        Assert.Equal([A, B], _fallback.Offered);
    }

    private VersionPlacementDirector Director(Dictionary<SiloAddress, string?[]> registered)
    {
        var silos = registered.ToImmutableDictionary(s => s.Key, s => Manifest(s.Value));
        var manifests = new Manifests(new ClusterManifest(new MajorMinorVersion(1, 1), silos));
        var versions = new ClusterVersions(manifests, Options.Create(new WorkflowEngineOptions()));
        var services = new ServiceCollection().AddKeyedSingleton<IPlacementDirector>(typeof(RandomPlacement), _fallback).BuildServiceProvider();
        return new VersionPlacementDirector(versions, _store, new RandomPlacement(), new PlacementDirectorResolver(services), NullLogger<VersionPlacementDirector>.Instance);
    }

    private static GrainManifest Manifest(string?[] versions)
    {
        var registry = new WorkflowRegistry();
        foreach (var version in versions)
        {
            registry.AddOrchestrator("Order", version, _ => Task.FromResult<object?>(null));
        }

        var properties = new GrainProperties(ImmutableDictionary.Create<string, string>(StringComparer.Ordinal, StringComparer.Ordinal).Add(ClusterVersions.PropertyKey, ClusterVersions.Describe(registry)));
        return new GrainManifest(
            ImmutableDictionary<GrainType, GrainProperties>.Empty.Add(GrainType.Create("orchestration"), properties),
            ImmutableDictionary<GrainInterfaceType, GrainInterfaceProperties>.Empty);
    }

    private static PlacementTarget Target(string instanceId, (string Name, string? Version)? start, string? hintFor = null, SiloAddress? placementHint = null)
    {
        var data = new Dictionary<string, object>();
        if (start is { } s)
        {
            data["ow.start"] = $"{hintFor ?? instanceId}\n{s.Name}\n{s.Version}";
        }

        if (placementHint is not null)
        {
            data[IPlacementDirector.PlacementHintKey] = placementHint;
        }

        return new PlacementTarget(GrainId.Create("orchestration", instanceId), data, default, 0);
    }

    private sealed class Manifests(ClusterManifest current) : IClusterManifestProvider
    {
        public ClusterManifest Current => current;

        public IAsyncEnumerable<ClusterManifest> Updates => throw new NotSupportedException();

        public GrainManifest LocalGrainManifest => current.Silos[A];
    }

    private sealed class Context : IPlacementContext
    {
        public SiloAddress LocalSilo => A;

        public SiloStatus LocalSiloStatus => SiloStatus.Active;

        public SiloAddress[] GetCompatibleSilos(PlacementTarget target) => [A, B];

        public IReadOnlyDictionary<ushort, SiloAddress[]> GetCompatibleSilosWithVersions(PlacementTarget target) =>
            new Dictionary<ushort, SiloAddress[]> { [0] = [A, B] };
    }

    /// <summary>The default placement: records which silos it was offered and picks the first.</summary>
    private sealed class RecordingDirector : IPlacementDirector
    {
        public SiloAddress[] Offered { get; private set; } = [];

        public IPlacementContext? Context { get; private set; }

        public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
        {
            Context = context;
            Offered = context.GetCompatibleSilos(target);
            return Task.FromResult(Offered[0]);
        }
    }
}
