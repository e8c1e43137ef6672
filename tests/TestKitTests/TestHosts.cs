using OrleansWorkflows.Samples;
using OrleansWorkflows.Testing;
using OrleansWorkflows.TestKitTests.Workflows;

namespace OrleansWorkflows.TestKitTests;

/// <summary>Starts test hosts the way a user's test project would: everything in this assembly plus the samples.</summary>
internal static class TestHosts
{
    /// <summary>The engine time every host starts at.</summary>
    public static readonly DateTimeOffset Start = new(2030, 1, 1, 9, 0, 0, TimeSpan.Zero);

    /// <summary>A generous bound on waits, so a broken kit fails a test instead of hanging it.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public static Task<WorkflowTestHost> StartAsync(Action<WorkflowTestHostOptions>? configure = null) =>
        WorkflowTestHost.StartAsync(o =>
        {
            o.StartTime = Start;
            o.Registry.AddWorkflowsFromAssembly(typeof(MonthlyReminder).Assembly).AddSamples();
            configure?.Invoke(o);
        });

    public static async Task<OrchestrationMetadata> WaitAsync(this WorkflowTestHost host, string instanceId)
    {
        using var patience = new CancellationTokenSource(Patience);
        return await host.Client.WaitForCompletionAsync(instanceId, patience.Token);
    }

    /// <summary>Waits until <paramref name="condition"/> holds (polling), or fails after <see cref="Patience"/>.</summary>
    public static async Task UntilAsync(Func<bool> condition, string what)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            if (waited.Elapsed > Patience)
            {
                throw new TimeoutException($"Still waiting after {Patience}: {what}.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(10));
        }
    }
}
