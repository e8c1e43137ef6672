using System.Net;

namespace OrleansWorkflows.UnitTests.Storage;

/// <summary>Membership rows for table tests.</summary>
internal static class MembershipTestData
{
    public static readonly DateTime T0 = new(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);

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
