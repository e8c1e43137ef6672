using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansWorkflows.DurableTask.Grpc.Hosting;
using OrleansWorkflows.DurableTask.Grpc.Workers;
using OrleansWorkflows.Engine;
using OrleansWorkflows.History;
using OrleansWorkflows.Replay;

namespace OrleansWorkflows.DurableTask.Grpc.Remote;

/// <summary>
/// The engine's episode runner when the sidecar is on: an orchestration registered in-process runs in the replay
/// executor as before; any other name is served by remote workers (<see cref="RemoteExecution"/>), so a start of a
/// name no silo registered is accepted and waits for a worker that serves it.
/// </summary>
internal sealed class RemoteEpisodeRunner(WorkflowRegistry registry, ILoggerFactory loggers, WorkerHub hub, IOptions<DurableTaskGrpcOptions> options) : IEpisodeRunner
{
    private readonly InProcessEpisodeRunner _local = new(registry, loggers);

    public IEpisodeExecution NewExecution(string instanceId, IServiceProvider services, Action onOutsideContinuation) =>
        new RoutedExecution(
            name => registry.HasOrchestrator(name)
                ? _local.NewExecution(instanceId, services, onOutsideContinuation)
                : new RemoteExecution(instanceId, hub, options.Value.EpisodeTimeout, onOutsideContinuation),
            () => WaitingActivity(hub, instanceId));

    public bool ServesRemotely(string name) => true;

    /// <summary>An activity call of the instance that no connected worker serves, as a status' "waiting for".</summary>
    internal static string? WaitingActivity(WorkerHub hub, string instanceId) =>
        hub.WaitingActivityOf(instanceId) is { } activity ? $"a worker for activity '{activity}'" : null;

    /// <summary>An execution that picks its runner by the orchestration name of its <see cref="ExecutionStarted"/>.</summary>
    private sealed class RoutedExecution(Func<string, IEpisodeExecution> create, Func<string?> waitingActivity) : IEpisodeExecution
    {
        private IEpisodeExecution? _inner;

        public ExecutionOutcome? Outcome => _inner?.Outcome;

        public string? CustomStatus => _inner?.CustomStatus;

        public IReadOnlyList<EntityId> HeldEntityLocks => _inner?.HeldEntityLocks ?? [];

        public IEnumerable<OrchestratorAction> OpenActions => _inner?.OpenActions ?? [];

        public string? WaitingFor => _inner?.WaitingFor ?? waitingActivity();

        public bool AsksAgainOnWake => _inner?.AsksAgainOnWake == true;

        public ValueTask<EpisodeResult> ReplayAsync(IReadOnlyList<HistoryEvent> history) => Route(history).ReplayAsync(history);

        public ValueTask<EpisodeResult> RunEpisodeAsync(IReadOnlyList<HistoryEvent> events) => Route(events).RunEpisodeAsync(events);

        public bool IsOpen<TAction>(int taskId)
            where TAction : OrchestratorAction => _inner?.IsOpen<TAction>(taskId) == true;

        private IEpisodeExecution Route(IReadOnlyList<HistoryEvent> events) =>
            _inner ??= create(events.OfType<ExecutionStarted>().FirstOrDefault()?.Name ?? string.Empty);
    }
}
