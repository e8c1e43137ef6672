using System.Diagnostics;

namespace OrleansWorkflows.ProcessTests;

/// <summary>Waits for a condition by polling it, failing with the last observation after a deadline.</summary>
internal static class Eventually
{
    public static async Task HoldsAsync(Func<Task<(bool Holds, string Observed)>> condition, TimeSpan deadline, string what)
    {
        var clock = Stopwatch.StartNew();
        var observed = "(not checked)";
        while (clock.Elapsed < deadline)
        {
            (var holds, observed) = await condition();
            if (holds)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }

        Assert.Fail($"{what} did not happen within {deadline.TotalSeconds:0} s; last seen: {observed}");
    }
}
