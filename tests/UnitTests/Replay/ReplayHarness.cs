using Microsoft.Extensions.Logging.Abstractions;
using OrleansWorkflows.History;
using OrleansWorkflows.Replay;

namespace OrleansWorkflows.UnitTests.Replay;

/// <summary>
/// Drives the executor the way the grain does, without a cluster: live episodes of one message each (or batches),
/// activities answered by a delegate, timers fired in order of due time; collects the full history.
/// </summary>
internal sealed class ReplayHarness
{
    private readonly WorkflowRegistry _registry;
    private readonly Queue<HistoryEvent> _pending = new();
    private DateTime _now = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public ReplayHarness(WorkflowRegistry registry)
    {
        _registry = registry;
    }

    public List<HistoryEvent> History { get; } = [];

    public List<OrchestratorAction> Dispatched { get; } = [];

    public OrchestrationExecutor Executor { get; private set; } = null!;

    public static OrchestrationExecutor NewExecutor(WorkflowRegistry registry, string instanceId = "test") =>
        new(instanceId, name => registry.CreateOrchestrator(name, EmptyServices.Instance), NullLoggerFactory.Instance);

    public void Start(string name, object? input, string instanceId = "test")
    {
        Executor = NewExecutor(_registry, instanceId);
        Episode(new ExecutionStarted(name, "exec-1", WorkflowJson.Serialize(input)) { Timestamp = _now });
    }

    public void Episode(params HistoryEvent[] messages)
    {
        _now = _now.AddSeconds(1);
        var result = Executor.RunEpisode([new OrchestratorStarted { Timestamp = _now }, .. messages]);
        History.AddRange(result.NewEvents);
        Dispatched.AddRange(result.Actions);
    }

    /// <summary>Answers every open activity with <paramref name="activity"/> and fires timers, one message per episode, until done or stuck.</summary>
    public void RunToEnd(Func<ScheduleActivityAction, object?> activity, int maxEpisodes = 10_000)
    {
        for (var i = 0; i < maxEpisodes && Executor.Outcome is null; i++)
        {
            var next = Executor.OpenActions.OrderBy(a => a is CreateTimerAction t ? t.FireAt.Ticks : 0).ThenBy(a => a.Id).FirstOrDefault();
            if (next is null)
            {
                return;
            }

            Episode(Answer(next, activity));
        }
    }

    public static HistoryEvent Answer(OrchestratorAction action, Func<ScheduleActivityAction, object?> activity) => action switch
    {
        ScheduleActivityAction a => activity(a) is FailureDetails failure
            ? new TaskFailed(a.Id, failure)
            : new TaskCompleted(a.Id, WorkflowJson.Serialize(activity(a))),
        CreateTimerAction t => new TimerFired(t.Id, t.FireAt),
        _ => throw new InvalidOperationException($"No answer for {action}"),
    };

    private sealed class EmptyServices : IServiceProvider
    {
        public static readonly EmptyServices Instance = new();

        public object? GetService(Type serviceType) => null;
    }
}
