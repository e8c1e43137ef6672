namespace OrleansWorkflows.Hosting;

/// <summary>Options of the workflow engine on a silo (set through <c>AddOrleansWorkflows</c>; checked when the silo
/// starts, see <see cref="WorkflowEngineOptionsValidator"/>).</summary>
public sealed class WorkflowEngineOptions
{
    /// <summary>The orchestrations and activities this silo runs.</summary>
    public WorkflowRegistry Registry { get; } = new();

    /// <summary>
    /// How long a dispatched activity may go without a result before the orchestration sends it again. A re-send
    /// reaches the same worker grain (see <see cref="ActivityWorkerPartitions"/>), so an activity still running is not
    /// run twice; one whose silo died runs again.
    /// Default 30 seconds.
    /// </summary>
    public TimeSpan ActivityLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The period of the durable recovery reminder an instance holds while it has undelivered messages or open
    /// activities. Default 1 minute (Orleans' minimum reminder period unless configured lower).
    /// </summary>
    public TimeSpan RecoveryInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Timers due within this horizon also get an in-memory grain timer for sub-second precision. Default 1 minute.</summary>
    public TimeSpan TimerPrecisionHorizon { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The most activities one silo runs at once; more wait for a slot. Default 16 per processor.</summary>
    public int MaxConcurrentActivitiesPerSilo { get; set; } = Environment.ProcessorCount * 16;

    /// <summary>
    /// How many activity worker grains the cluster spreads activity calls over (each placed at random, so work spreads
    /// over the silos). A call always maps to the same worker, so a re-sent call that still runs is not run twice.
    /// Every silo of a cluster must use the same value. Default 256.
    /// </summary>
    public int ActivityWorkerPartitions { get; set; } = 256;

    /// <summary>The largest accepted payload (input, event data, result) in characters of JSON. Default 1 MiB.</summary>
    public int MaxPayloadLength { get; set; } = 1024 * 1024;

    /// <summary>
    /// Finished instances created longer ago than this are purged in the background (in pages, by one grain of the
    /// cluster). <c>null</c> (the default) keeps everything.
    /// </summary>
    public TimeSpan? RetentionPeriod { get; set; }

    /// <summary>How often the retention purge runs. Default 1 hour.</summary>
    public TimeSpan RetentionCheckInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long the store remembers the request id of an event raised or a signal sent by a client, so that a retry of
    /// the same request (after a lost answer, a failover or a restart of the whole cluster) is applied once, however
    /// many other requests came between. One small row per request while it is remembered. Default 15 minutes.
    /// </summary>
    public TimeSpan RequestIdWindow { get; set; } = TimeSpan.FromMinutes(15);
}
