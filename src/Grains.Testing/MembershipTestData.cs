using System.Net;

namespace OrleansWorkflows.Testing;

/// <summary>Membership rows for membership-table tests (the conformance suites and the silo storage link tests).</summary>
public static class MembershipTestData
{
    /// <summary>The start and I-am-alive time of every row.</summary>
    public static readonly DateTime T0 = new(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);

    /// <summary>A row for a loopback silo on <paramref name="port"/>.</summary>
    /// <param name="port">The silo port (also names the silo).</param>
    /// <param name="status">The silo's status.</param>
    /// <param name="proxyPort">The gateway port, 0 for none.</param>
    /// <param name="generation">The silo's generation.</param>
    /// <returns>The row.</returns>
    public static MembershipEntry Entry(int port, SiloStatus status = SiloStatus.Joining, int proxyPort = 0, int generation = 1) => new()
    {
        SiloAddress = SiloAddress.New(IPAddress.Loopback, port, generation),
        Status = status,
        ProxyPort = proxyPort,
        HostName = "host",
        SiloName = $"silo-{port}",
        StartTime = T0,
        IAmAliveTime = T0,
    };
}
