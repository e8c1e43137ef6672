using System.Net;
using System.Net.Sockets;

namespace OrleansWorkflows.Testing;

/// <summary>Finds loopback TCP ports that are free right now.</summary>
public static class FreePorts
{
    /// <summary>Returns <paramref name="count"/> distinct free ports (all held open until every one is found).</summary>
    public static int[] Take(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
            listeners.ForEach(l => l.Dispose());
        }
    }

    /// <summary>The first of <paramref name="count"/> consecutive loopback ports that are all free right now (for a
    /// program that counts up from a base port).</summary>
    public static int TakeConsecutive(int count)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var first = Random.Shared.Next(20_000, 32_000);
            var listeners = new List<TcpListener>();
            try
            {
                for (var port = first; port < first + count; port++)
                {
                    var listener = new TcpListener(IPAddress.Loopback, port);
                    listener.Start();
                    listeners.Add(listener);
                }

                return first;
            }
            catch (SocketException)
            {
                // One of them is taken: try another range.
            }
            finally
            {
                listeners.ForEach(l => l.Stop());
                listeners.ForEach(l => l.Dispose());
            }
        }

        throw new InvalidOperationException($"No {count} consecutive free ports found.");
    }
}
