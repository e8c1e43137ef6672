using Microsoft.Extensions.Logging;
using Orleans.Runtime.Placement;
using OrleansWorkflows.Runtime;
using OrleansWorkflows.Storage;

namespace OrleansWorkflows.Engine;

/// <summary>
/// Places an orchestration instance on a silo that registers its orchestration version, so that during a rolling deploy
/// (some silos with version 2, some with version 1 only) no instance runs on a silo that lacks its version. When every
/// candidate silo registers the same versions (the usual case) it only hands over to the silo's default placement. Else
/// the version comes from the start being placed (<see cref="StartPlacement"/>) or from the instance's stored record, and
/// the default placement chooses among the silos that have it (all candidates when none has it: the instance then
/// follows its <see cref="MissingVersionPolicy"/>).
/// </summary>
internal sealed partial class VersionPlacementDirector(
    ClusterVersions versions, IWorkflowStore store, PlacementStrategy defaultStrategy, PlacementDirectorResolver directors, ILogger<VersionPlacementDirector> logger)
    : IPlacementDirector
{
    public async Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var fallback = directors.GetPlacementDirector(defaultStrategy);
        var candidates = context.GetCompatibleSilos(target);
        if (candidates.Length < 2 || versions.AllAlike(candidates))
        {
            return await fallback.OnAddActivation(defaultStrategy, target, context);
        }

        var instanceId = target.GrainIdentity.Key.ToString()!;
        var wanted = StartPlacement.Read(target.RequestContextData, instanceId) ?? await StoredVersionAsync(instanceId);
        var eligible = wanted is { } asked ? [.. candidates.Where(s => versions.Runs(s, asked.Name, asked.Version))] : candidates;
        if (eligible.Length == 0)
        {
            eligible = candidates;
        }

        return IPlacementDirector.GetPlacementHint(target.RequestContextData, eligible) is { } hinted
            ? hinted
            : await fallback.OnAddActivation(defaultStrategy, target, new NarrowedContext(context, eligible));
    }

    private async Task<(string Name, string? Version)?> StoredVersionAsync(string instanceId)
    {
        try
        {
            return await store.GetRecordAsync(instanceId) is { } record
                ? (record.Name, record.OrchestrationVersion ?? EngineState.Parse(record.EngineState).Version)
                : null;
        }
        catch (Exception ex)
        {
            // Placement must not fail on a store outage: the instance's own silo checks its version again on activation.
            LogVersionLookupFailed(logger, ex, instanceId);
            return null;
        }
    }

    [LoggerMessage(EventId = LogEvents.Versions.VersionLookupFailed, Level = LogLevel.Warning,
        Message = "Placing orchestration instance '{InstanceId}': its version could not be read, so any silo may get it")]
    private static partial void LogVersionLookupFailed(ILogger logger, Exception exception, string instanceId);

    /// <summary>The placement context with the candidate silos narrowed to those that have the version.</summary>
    private sealed class NarrowedContext(IPlacementContext inner, SiloAddress[] silos) : IPlacementContext
    {
        public SiloAddress LocalSilo => inner.LocalSilo;

        public SiloStatus LocalSiloStatus => inner.LocalSiloStatus;

        public SiloAddress[] GetCompatibleSilos(PlacementTarget target) => silos;

        public IReadOnlyDictionary<ushort, SiloAddress[]> GetCompatibleSilosWithVersions(PlacementTarget target) =>
            inner.GetCompatibleSilosWithVersions(target).ToDictionary(v => v.Key, v => v.Value.Where(silos.Contains).ToArray());
    }
}
