using System.Diagnostics.Metrics;

namespace OrleansWorkflows.Diagnostics;

/// <summary>
/// Every metric of the engine (meter <see cref="WorkflowInstrumentation.MeterName"/>), one place as for log event ids.
/// Names follow the OpenTelemetry conventions (dotted, lower case, units in UCUM: <c>s</c>, <c>{instance}</c>); tags are
/// few and bounded (orchestration and activity names, statuses, outcomes), never instance ids. An instrument nobody
/// listens to costs a branch: <c>Add</c>/<c>Record</c> return at once while <see cref="Instrument.Enabled"/> is false.
/// Orchestration starts and ends, timers and their lateness are counted from committed history (live episodes only,
/// never again on replay), so a restart or a replay does not count anything twice.
/// </summary>
internal static class WorkflowMetrics
{
    public const string NameTag = "name";
    public const string StatusTag = "status";
    public const string OutcomeTag = "outcome";
    public const string KindTag = "kind";

    /// <summary>
    /// Bucket bounds for the durations (seconds, 1 ms to 5 min). Without this advice an exporter uses its default bounds
    /// (OpenTelemetry's: 0, 5, 10, 25 ... 10,000, made for milliseconds), which put every episode, commit and activity of
    /// a healthy cluster in the first bucket. Declared before the instruments: static fields initialise in text order.
    /// </summary>
    private static readonly InstrumentAdvice<double> Seconds = new()
    {
        HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    };

    /// <summary>Bucket bounds for the sizes (history events replayed, rows per commit).</summary>
    private static readonly InstrumentAdvice<long> Counts = new()
    {
        HistogramBucketBoundaries = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 5000, 10000],
    };

    /// <summary>Executions started (a start, a sub-orchestration, a continue-as-new's next execution), by orchestration name.</summary>
    public static readonly Counter<long> InstancesStarted = WorkflowTelemetry.Meter.CreateCounter<long>(
        "orleansworkflows.instances.started", "{instance}", "Orchestration executions started, by orchestration name.");

    /// <summary>Executions ended, by orchestration name and status (Completed, Failed, Terminated, ContinuedAsNew).</summary>
    public static readonly Counter<long> InstancesEnded = WorkflowTelemetry.Meter.CreateCounter<long>(
        "orleansworkflows.instances.ended", "{instance}", "Orchestration executions ended, by orchestration name and status (Completed, Failed, Terminated, ContinuedAsNew).");

    /// <summary>How long an episode took, from taking its messages to its commit, by orchestration name.</summary>
    public static readonly Histogram<double> EpisodeDuration = WorkflowTelemetry.Meter.CreateHistogram<double>(
        "orleansworkflows.episode.duration", "s", "Time of one orchestration episode: running the code over the new events and committing the result.", tags: null, Seconds);

    /// <summary>History events replayed when an activation restores a running execution.</summary>
    public static readonly Histogram<long> ReplayLength = WorkflowTelemetry.Meter.CreateHistogram<long>(
        "orleansworkflows.replay.length", "{event}", "History events replayed when an orchestration is loaded into a new activation.", tags: null, Counts);

    /// <summary>How long an activity ran on its worker, by activity name and outcome (completed, failed).</summary>
    public static readonly Histogram<double> ActivityDuration = WorkflowTelemetry.Meter.CreateHistogram<double>(
        "orleansworkflows.activity.duration", "s", "Time an activity execution took on its worker, by activity name and outcome.", tags: null, Seconds);

    /// <summary>Activity executions that threw, by activity name.</summary>
    public static readonly Counter<long> ActivityFailures = WorkflowTelemetry.Meter.CreateCounter<long>(
        "orleansworkflows.activity.failures", "{execution}", "Activity executions that failed, by activity name.");

    /// <summary>How long a store commit took, by kind (orchestration, entity).</summary>
    public static readonly Histogram<double> CommitDuration = WorkflowTelemetry.Meter.CreateHistogram<double>(
        "orleansworkflows.store.commit.duration", "s", "Time of one atomic commit to the workflow store, by kind (orchestration, entity).", tags: null, Seconds);

    /// <summary>Rows one commit writes or removes (history events appended, inbox entries consumed, outbox entries added), by kind.</summary>
    public static readonly Histogram<long> CommitSize = WorkflowTelemetry.Meter.CreateHistogram<long>(
        "orleansworkflows.store.commit.size", "{row}", "Rows one commit writes or removes: history events appended, inbox entries consumed and outbox entries added.", tags: null, Counts);

    /// <summary>Durable timers that fired, by orchestration name.</summary>
    public static readonly Counter<long> TimersFired = WorkflowTelemetry.Meter.CreateCounter<long>(
        "orleansworkflows.timers.fired", "{timer}", "Durable timers that came due and fired.");

    /// <summary>How late a timer fired: the commit of its firing minus its due time.</summary>
    public static readonly Histogram<double> TimerLateness = WorkflowTelemetry.Meter.CreateHistogram<double>(
        "orleansworkflows.timers.lateness", "s", "How long after its due time a durable timer's firing was committed.", tags: null, Seconds);

    /// <summary>Instances and entities the recovery sweep poked because their stored wake-up was due.</summary>
    public static readonly Counter<long> WakeSweepPokes = WorkflowTelemetry.Meter.CreateCounter<long>(
        "orleansworkflows.wakesweep.pokes", "{instance}", "Instances and entities poked by the recovery sweep because their stored wake-up was due.");

    /// <summary>The inbox backlog of this process's active orchestrations and entities, read when a reader collects.</summary>
    public static readonly ObservableGauge<long> InboxBacklog = WorkflowTelemetry.Meter.CreateObservableGauge(
        "orleansworkflows.inbox.backlog", () => MailboxBacklog.Inbox(), "{message}", "Messages received and not yet applied, over this process's active orchestrations and entities, by kind.");

    /// <summary>The outbox backlog of this process's active orchestrations and entities, read when a reader collects.</summary>
    public static readonly ObservableGauge<long> OutboxBacklog = WorkflowTelemetry.Meter.CreateObservableGauge(
        "orleansworkflows.outbox.backlog", () => MailboxBacklog.Outbox(), "{message}", "Messages committed to send and not yet acknowledged, over this process's active orchestrations and entities, by kind.");

    /// <summary>Makes sure the instruments exist (reading a static field runs the type's field initializers once).</summary>
    public static void EnsureCreated() => GC.KeepAlive(InboxBacklog);

    /// <summary>Records a duration measured with <see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>.</summary>
    public static void RecordSince(Histogram<double> histogram, long startTimestamp, KeyValuePair<string, object?> tag)
    {
        if (histogram.Enabled)
        {
            histogram.Record(System.Diagnostics.Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, tag);
        }
    }

    /// <summary>Records a duration measured with <see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>, with two tags.</summary>
    public static void RecordSince(Histogram<double> histogram, long startTimestamp, KeyValuePair<string, object?> tag1, KeyValuePair<string, object?> tag2)
    {
        if (histogram.Enabled)
        {
            histogram.Record(System.Diagnostics.Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, tag1, tag2);
        }
    }
}
