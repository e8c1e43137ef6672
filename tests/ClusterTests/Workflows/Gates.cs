using System.Collections.Concurrent;

namespace OrleansWorkflows.ClusterTests.Workflows;

/// <summary>
/// Named gates that test activities wait on, so a test can hold work mid-flight (to kill a silo or deactivate a grain)
/// and release it when ready. In-process, so shared by every silo of the test cluster.
/// </summary>
internal static class Gates
{
    private static readonly ConcurrentDictionary<string, TaskCompletionSource> Open = new(StringComparer.Ordinal);

    public static Task WaitAsync(string name) => Get(name).Task;

    public static void Release(string name) => Get(name).TrySetResult();

    private static TaskCompletionSource Get(string name) =>
        Open.GetOrAdd(name, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
