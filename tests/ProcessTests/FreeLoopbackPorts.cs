using System.Net;
using System.Net.Sockets;

namespace OrleansWorkflows.ProcessTests;

/// <summary>Loopback TCP ports that are free right now (all held open until every one is found, so they differ).</summary>
internal static class FreeLoopbackPorts
{
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
            listeners.ForEach(l => l.Dispose());
        }
    }
}
