using System.Net;
using System.Net.Sockets;

namespace OrleansWorkflows.GatewayTests;

/// <summary>Finds loopback TCP ports that are free right now.</summary>
internal static class FreePorts
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
}
