using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;

namespace OrleansWorkflows.GatewayTests.Hardening;

/// <summary>The embedded gateway over a store that <see cref="Outage"/> can take down; a short retry deadline.</summary>
public sealed class StoreOutageGatewayFactory : GatewayFactory
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(2);

    public StoreOutage Outage { get; } = new();

    protected override IEnumerable<(string Key, string Value)> Settings =>
    [
        ("Gateway:RetryDeadline", Deadline.ToString()),
        ("Logging:LogLevel:Default", "Critical"),
    ];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(Outage.Wrap);
    }
}
