using System.Reflection;
using Orleans.TestingHost;

namespace OrleansWorkflows.Testing;

/// <summary>
/// Turns off <see cref="InProcessTestCluster"/>'s own membership table, gateway list and grain directory, so the silos
/// and the client use only what <c>UseSharedInMemoryCluster</c> registers (and Orleans' regular in-cluster grain
/// directory). The switch is internal in Orleans 10.4; the harness registers its table after every configuration
/// delegate, so it cannot be replaced from a delegate. Fails loudly if a later Orleans renames it.
/// </summary>
public static class TestClusterMembership
{
    private const string PropertyName = "UseTestClusterMembership";

    /// <summary>Disables the harness's membership on <paramref name="options"/>.</summary>
    /// <param name="options">The options of the cluster being built.</param>
    public static void Disable(InProcessTestClusterOptions options)
    {
        var property = typeof(InProcessTestClusterOptions).GetProperty(PropertyName, BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)
            ?? throw new InvalidOperationException($"InProcessTestClusterOptions.{PropertyName} no longer exists: find the new way to turn off the test cluster's membership.");
        property.SetValue(options, false);
    }
}
