using Microsoft.DurableTask;

namespace OrleansWorkflows.Bench.Sdk;

/// <summary>
/// The benchmark workloads written with the Durable Task SDK, as <c>Bench.Sequence</c> and <c>Bench.Hello</c> of
/// <c>src/Samples/Bench</c> are written for OrleansWorkflows: <see cref="Sequence"/> takes a count n and calls
/// <see cref="Hello"/> n times one after the other (hello3 = 3, sequential = 100), returning the last greeting. Their
/// names are not registered in any OrleansWorkflows silo, so the gateway runs them on the connected worker.
/// </summary>
public static class BenchTasks
{
    /// <summary>The orchestration: n activity calls in sequence.</summary>
    public const string Sequence = "BenchSdk.Sequence";

    /// <summary>The activity: <c>"Hello " + name</c>.</summary>
    public const string Hello = "BenchSdk.Hello";

    /// <summary>Registers the orchestration and the activity.</summary>
    /// <param name="tasks">The worker's (or the test host's) registry.</param>
    public static void Register(DurableTaskRegistry tasks)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        tasks.AddActivityFunc<string, string>(Hello, (_, name) => "Hello " + name);
        tasks.AddOrchestratorFunc<int, string>(Sequence, async (context, n) =>
        {
            var last = string.Empty;
            for (var i = 0; i < n; i++)
            {
                last = await context.CallActivityAsync<string>(Hello, $"city{i}");
            }

            return last;
        });
    }
}
