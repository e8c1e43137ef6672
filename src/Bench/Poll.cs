namespace OrleansWorkflows.Bench;

/// <summary>Waiting on a condition another process or thread makes true.</summary>
internal static class Poll
{
    /// <summary>Checks <paramref name="done"/> every 20 ms until it holds (<c>true</c>) or <paramref name="timeout"/> passed (<c>false</c>).</summary>
    public static async Task<bool> UntilAsync(Func<bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!done())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(20);
        }

        return true;
    }
}
