using Orleans.Messaging;

namespace OrleansWorkflows.Storage;

/// <summary>
/// The gateway list of a cluster client, read from the cluster's membership table: the gateway endpoints of active
/// silos that have one (proxy port not 0). Works over any <see cref="IMembershipTable"/>.
/// </summary>
public sealed class MembershipGatewayListProvider : IGatewayListProvider
{
    private readonly IMembershipTable _table;

    /// <summary>Creates the provider.</summary>
    /// <param name="table">The membership table the silos use.</param>
    /// <param name="maxStaleness">How often the client refreshes the list (it reads the table each time).</param>
    public MembershipGatewayListProvider(IMembershipTable table, TimeSpan maxStaleness)
    {
        _table = table ?? throw new ArgumentNullException(nameof(table));
        MaxStaleness = maxStaleness;
    }

    /// <inheritdoc />
    public TimeSpan MaxStaleness { get; }

    /// <inheritdoc />
    [Obsolete("Orleans no longer reads this property; every provider is considered updatable.")]
    public bool IsUpdatable => true;

    /// <inheritdoc />
    public Task InitializeGatewayListProvider() => Task.CompletedTask;

    /// <inheritdoc />
    public Task<IList<Uri>> GetGateways() => GetGatewaysAsync(CancellationToken.None);

    /// <inheritdoc />
    public async Task<IList<Uri>> GetGatewaysAsync(CancellationToken cancellationToken)
    {
        var data = await _table.ReadAllAsync(cancellationToken);
        return [.. data.Members
            .Select(m => m.Item1)
            .Where(e => e.Status == SiloStatus.Active && e.ProxyPort != 0)
            .Select(e => SiloAddress.New(e.SiloAddress.Endpoint.Address, e.ProxyPort, e.SiloAddress.Generation).ToGatewayUri())];
    }
}
