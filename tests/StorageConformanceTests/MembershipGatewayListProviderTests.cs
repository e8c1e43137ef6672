using OrleansWorkflows.Storage;
using Xunit;
using static OrleansWorkflows.Testing.MembershipTestData;

namespace OrleansWorkflows.StorageConformanceTests;

public sealed class MembershipGatewayListProviderTests
{
    [Fact]
    public async Task GetGateways_ListsActiveSilosWithAGatewayOnly()
    {
        var table = new InMemoryMembershipTable();
        var entries = new[]
        {
            Entry(1000, SiloStatus.Active, proxyPort: 2000, generation: 7),
            Entry(1001, SiloStatus.Active, proxyPort: 0),
            Entry(1002, SiloStatus.Dead, proxyPort: 2002),
            Entry(1003, SiloStatus.Joining, proxyPort: 2003),
            Entry(1004, SiloStatus.Active, proxyPort: 2004),
        };
        foreach (var entry in entries)
        {
            await table.InsertRowAsync(entry, (await table.ReadAllAsync()).Version.Next());
        }

        var provider = new MembershipGatewayListProvider(table, TimeSpan.FromSeconds(1));
        var gateways = await provider.GetGatewaysAsync(CancellationToken.None);

        var expected = new[] { SiloAddress.New(Entry(0).SiloAddress.Endpoint.Address, 2000, 7), SiloAddress.New(Entry(0).SiloAddress.Endpoint.Address, 2004, 1) };
        Assert.Equal(expected.Select(a => a.ToGatewayUri().ToString()).Order(), gateways.Select(g => g.ToString()).Order());
        Assert.Equal(TimeSpan.FromSeconds(1), provider.MaxStaleness);
    }
}
