using Microsoft.Extensions.Logging;
using OrleansWorkflows.History;
using OrleansWorkflows.Replay;

namespace OrleansWorkflows.Engine;

/// <summary>The default <see cref="IEpisodeRunner"/>: the replay executor, in the grain's process, synchronously.</summary>
internal sealed class InProcessEpisodeRunner(WorkflowRegistry registry, ILoggerFactory loggers) : IEpisodeRunner
{
    public IEpisodeExecution NewExecution(string instanceId, IServiceProvider services, Action onOutsideContinuation) =>
        new Execution(new OrchestrationExecutor(instanceId, (name, version) => registry.CreateOrchestrator(name, version, services), loggers, onOutsideContinuation));

    private sealed class Execution(OrchestrationExecutor executor) : IEpisodeExecution
    {
        public ExecutionOutcome? Outcome => executor.Outcome;

        public string? CustomStatus => executor.CustomStatus;

        public IReadOnlyList<EntityId> HeldEntityLocks => executor.HeldEntityLocks;

        public IEnumerable<OrchestratorAction> OpenActions => executor.OpenActions;

        public ValueTask<EpisodeResult> ReplayAsync(IReadOnlyList<HistoryEvent> history) => ValueTask.FromResult(executor.Replay(history));

        public ValueTask<EpisodeResult> RunEpisodeAsync(IReadOnlyList<HistoryEvent> events)
        {
            executor.ReportsEventWaits = Diagnostics.WorkflowTelemetry.Tracing;
            return ValueTask.FromResult(executor.RunEpisode(events));
        }

        public bool IsOpen<TAction>(int taskId)
            where TAction : OrchestratorAction => executor.IsOpen<TAction>(taskId);
    }
}
