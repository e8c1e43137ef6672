using System.Diagnostics;

namespace OrleansWorkflows.Testing;

/// <summary>
/// The one way tests wait on conditions instead of sleeping: polls until the condition holds or the timeout passes, then
/// fails with what was awaited and what was seen last. Two flavours differ only in how an exception from the condition
/// counts: <see cref="UntilAsync(Func{Task{bool}}, TimeSpan, string)"/> treats it as "not yet" (a call that fails while a
/// dead silo is being detected), <see cref="HoldsAsync"/> and <see cref="ValueAsync{T}"/> let it fail the test at once
/// (an assertion inside the condition).
/// </summary>
public static class Eventually
{
    /// <summary>The poll interval of <see cref="UntilAsync(Func{Task{bool}}, TimeSpan, string)"/>.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>The default poll interval of <see cref="HoldsAsync"/> and <see cref="ValueAsync{T}"/> (their observations
    /// usually cost a request or a listing).</summary>
    public static readonly TimeSpan ObservePollInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Polls <paramref name="condition"/> until it returns true. An exception from the condition counts as "not yet"
    /// (the last one is reported if time runs out), and each attempt is bounded by the time left.
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
        await PollAsync(
            async () =>
            {
                try
                {
                    var remaining = timeout - clock.Elapsed;
                    using var attempt = new CancellationTokenSource(remaining > PollInterval ? remaining : PollInterval);
                    return (await condition().WaitAsync(attempt.Token), 0, string.Empty);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    last = e;
                    return (false, 0, string.Empty);
                }
            },
            timeout,
            PollInterval,
            () => new TimeoutException($"Not true after {timeout.TotalSeconds:0.#} s: {description}.", last));
        return clock.Elapsed;
    }

    /// <summary>Polls a synchronous <paramref name="condition"/> (see the asynchronous overload).</summary>
    /// <param name="condition">The condition.</param>
    /// <param name="timeout">How long to wait.</param>
    /// <param name="description">What is awaited, for the failure message.</param>
    /// <returns>How long it took.</returns>
    public static Task<TimeSpan> UntilAsync(Func<bool> condition, TimeSpan timeout, string description) =>
        UntilAsync(() => Task.FromResult(condition()), timeout, description);

    /// <summary>
    /// Polls <paramref name="observe"/> until it reports that the condition holds; an exception from it fails at once.
    /// </summary>
    /// <param name="observe">Whether the condition holds, and what was seen (for the failure message).</param>
    /// <param name="timeout">How long to wait.</param>
    /// <param name="description">What is awaited, for the failure message.</param>
    /// <param name="pollInterval">The pause between observations (default <see cref="ObservePollInterval"/>).</param>
    /// <exception cref="TimeoutException">The condition did not hold in time.</exception>
    public static Task HoldsAsync(Func<Task<(bool Holds, string Observed)>> observe, TimeSpan timeout, string description, TimeSpan? pollInterval = null)
    {
        ArgumentNullException.ThrowIfNull(observe);
        return ValueAsync(
            async () =>
            {
                var (holds, observed) = await observe();
                return (holds, 0, observed);
            },
            timeout,
            description,
            pollInterval);
    }

    /// <summary>
    /// Polls <paramref name="observe"/> until it reports that the condition holds, and returns the value it observed
    /// then; an exception from it fails at once.
    /// </summary>
    /// <typeparam name="T">The observed value.</typeparam>
    /// <param name="observe">Whether the condition holds, the value, and what was seen (for the failure message).</param>
    /// <param name="timeout">How long to wait.</param>
    /// <param name="description">What is awaited, for the failure message.</param>
    /// <param name="pollInterval">The pause between observations (default <see cref="ObservePollInterval"/>).</param>
    /// <returns>The value observed when the condition held.</returns>
    /// <exception cref="TimeoutException">The condition did not hold in time.</exception>
    public static Task<T> ValueAsync<T>(Func<Task<(bool Holds, T Value, string Observed)>> observe, TimeSpan timeout, string description, TimeSpan? pollInterval = null)
    {
        ArgumentNullException.ThrowIfNull(observe);
        var observed = "(not checked)";
        return PollAsync(
            async () =>
            {
                var observation = await observe();
                observed = observation.Observed;
                return observation;
            },
            timeout,
            pollInterval ?? ObservePollInterval,
            () => new TimeoutException($"{description} did not happen within {timeout.TotalSeconds:0.#} s; last seen: {observed}"));
    }

    private static async Task<T> PollAsync<T>(
        Func<Task<(bool Holds, T Value, string Observed)>> observe, TimeSpan timeout, TimeSpan pollInterval, Func<Exception> timedOut)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var (holds, value, _) = await observe();
            if (holds)
            {
                return value;
            }

            if (clock.Elapsed >= timeout)
            {
                throw timedOut();
            }

            await Task.Delay(pollInterval);
        }
    }
}
