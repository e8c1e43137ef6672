using OrleansWorkflows.History;
using OrleansWorkflows.Replay;

namespace OrleansWorkflows.Engine;

/// <summary>
/// Where an orchestration's episodes are produced. The grain asks it for a new execution of an instance, then for each
/// episode's result; whatever produces it, the grain plans, commits and dispatches the result the same way
/// (<see cref="EpisodePlanner"/>). Today's runner is the in-process replay executor (<see cref="InProcessEpisodeRunner"/>);
/// the seam lets a remote worker (the Durable Task sidecar protocol) produce episodes later, completing asynchronously.
/// </summary>
internal interface IEpisodeRunner
{
    /// <summary>A new execution of <paramref name="instanceId"/>: to be started, or replayed from its history.</summary>
    /// <param name="instanceId">The instance id.</param>
    /// <param name="services">The activation's services (orchestrators are created from them).</param>
    /// <param name="onOutsideContinuation">Called (on any thread) when the execution needs an episode to commit something
    /// nobody delivered (code awaited something non-durable that completed later).</param>
    IEpisodeExecution NewExecution(string instanceId, IServiceProvider services, Action onOutsideContinuation);

    /// <summary>
    /// True when this runner runs orchestrations named <paramref name="name"/> although no silo registered them in-process
    /// (a remote worker serves them): a start of such a name is accepted. The in-process runner serves none.
    /// </summary>
    /// <param name="name">The orchestration name.</param>
    bool ServesRemotely(string name) => false;
}

/// <summary>One execution as the grain drives it: replayed once, then one episode per batch of new events.</summary>
internal interface IEpisodeExecution : IExecutionView
{
    /// <summary>Replays recorded history; a non-determinism error comes back as new events (the execution's failure).</summary>
    ValueTask<EpisodeResult> ReplayAsync(IReadOnlyList<HistoryEvent> history);

    /// <summary>Applies <paramref name="events"/> (one at a time, in order) and returns what the execution did.</summary>
    ValueTask<EpisodeResult> RunEpisodeAsync(IReadOnlyList<HistoryEvent> events);

    /// <summary>True when <paramref name="taskId"/> is an open task of kind <typeparamref name="TAction"/>.</summary>
    bool IsOpen<TAction>(int taskId)
        where TAction : OrchestratorAction;

    /// <summary>What the execution is held up by outside its code (e.g. no remote worker serves it), shown in its status
    /// (<see cref="OrchestrationMetadata.WaitingFor"/>); <c>null</c> when nothing is known.</summary>
    string? WaitingFor => null;

    /// <summary>
    /// True while the execution's last events have not been answered by whatever runs it (a remote worker did not take
    /// its episode): a wake-up of the instance (the recovery sweep's poke, a reminder tick) runs an episode to ask again.
    /// </summary>
    bool AsksAgainOnWake => false;
}
