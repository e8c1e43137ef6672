using System.Diagnostics;

namespace OrleansWorkflows.ClusterTests.Fixture;

/// <summary>Waits on conditions instead of sleeping: polls until true or the timeout, then fails with what was awaited.</summary>
public static class Eventually
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Polls <paramref name="condition"/> until it returns true. An exception from the condition counts as "not yet"
    /// (a call that fails while a dead silo is being detected); the last one is reported if time runs out.
    /// </summary>
    /// <param name="condition">The condition.</param>
    /// <param name="timeout">How long to wait.</param>
    /// <param name="description">What is awaited, for the failure message.</param>
    /// <returns>How long it took.</returns>
    /// <exception cref="TimeoutException">The condition did not hold in time.</exception>
    public static async Task<TimeSpan> UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string description)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var clock = Stopwatch.StartNew();
        Exception? last = null;
        while (true)
        {
            try
            {
                var remaining = timeout - clock.Elapsed;
                using var attempt = new CancellationTokenSource(remaining > PollInterval ? remaining : PollInterval);
                if (await condition().WaitAsync(attempt.Token))
                {
                    return clock.Elapsed;
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                last = e;
            }

            if (clock.Elapsed >= timeout)
            {
                throw new TimeoutException($"Not true after {timeout.TotalSeconds:0.#} s: {description}.", last);
            }

            await Task.Delay(PollInterval);
        }
    }

    /// <summary>Polls a synchronous <paramref name="condition"/> (see the asynchronous overload).</summary>
    /// <param name="condition">The condition.</param>
    /// <param name="timeout">How long to wait.</param>
    /// <param name="description">What is awaited, for the failure message.</param>
    /// <returns>How long it took.</returns>
    public static Task<TimeSpan> UntilAsync(Func<bool> condition, TimeSpan timeout, string description) =>
        UntilAsync(() => Task.FromResult(condition()), timeout, description);
}
