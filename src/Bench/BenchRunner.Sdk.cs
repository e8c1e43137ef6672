using OrleansWorkflows.Bench.Workloads;

namespace OrleansWorkflows.Bench;

/// <summary>
/// The Durable Task SDK rows (issue 15): hello3 x1,000 and sequential 100 (the first variant of each workload with an SDK
/// form) driven by a Durable Task client, either through the gateway's gRPC endpoint on the backend's store with a remote
/// SDK worker process (<c>--transport grpc</c> or <c>both</c>; rows <c>memory+grpc</c>, <c>sqlite+grpc</c>), or on
/// InProcessTestHost (<c>--backend testhost</c>), with the same warm-up, settling and runs as every row.
/// </summary>
internal sealed partial class BenchRunner
{
    private async Task RunSdkRowsAsync(Backend backend)
    {
        var workloads = Selected.Where(w => w.RunsOverSdk).ToList();
        var label = backend.Name == "testhost" ? "testhost" : $"{backend.Name}+grpc";
        if (workloads.Count == 0)
        {
            return;
        }

        if (backend.Name is not ("memory" or "sqlite" or "testhost"))
        {
            SkipSdk(label, workloads, "the gateway's gRPC endpoint needs its embedded silo, which it hosts on memory and SQLite only");
            return;
        }

        SdkTarget target;
        try
        {
            target = backend.Name == "testhost"
                ? await SdkTarget.StartTestHostAsync(options, SiloStartTimeout)
                : await SdkTarget.StartGatewayAsync(backend.Name, SiloSettings(backend), options, SiloStartTimeout);
        }
        catch (Exception ex)
        {
            progress.Line(ex.Message);
            SkipSdk(label, workloads, $"the SDK target did not start: {Reason(ex)}");
            return;
        }

        await using (target)
        {
            var underTest = new UnderTest(null, target);
            foreach (var workload in workloads)
            {
                foreach (var variant in options.VariantsOf(workload).Take(1).Where(backend.Runs))
                {
                    await RunVariantAsync(backend, underTest, workload, variant);
                }
            }
        }
    }

    private void SkipSdk(string label, List<Workload> workloads, string reason)
    {
        foreach (var workload in workloads)
        {
            foreach (var variant in options.VariantsOf(workload).Take(1))
            {
                Add(new ResultRow { Backend = label, Workload = workload.Id, Variant = variant.Label, N = variant.N, Status = "skipped", Note = reason });
            }
        }
    }
}
