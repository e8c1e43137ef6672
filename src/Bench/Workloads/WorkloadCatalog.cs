namespace OrleansWorkflows.Bench.Workloads;

/// <summary>Every workload, in the order they run (idle last: it leaves 100,000 instances behind).</summary>
internal static class WorkloadCatalog
{
    public static IReadOnlyList<Workload> All { get; } =
    [
        new HelloWorkload("hello3", 3), new HelloSingleWorkload(), new HelloWorkload("cities5", 5), new FanOutWorkload(),
        new SequentialWorkload(), new EventsWorkload(), new EntityWorkload(), new TimersWorkload(), new SyncStartWorkload(), new IdleWorkload(),
    ];

    public static IReadOnlyList<string> Ids => [.. All.Select(w => w.Id)];
}
