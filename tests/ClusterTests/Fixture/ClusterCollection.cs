using Xunit;

namespace OrleansWorkflows.ClusterTests.Fixture;

/// <summary>
/// The one collection of cluster tests: every test class carries <c>[Collection(ClusterCollection.Name)]</c> and
/// shares one <see cref="ClusterFixture"/> (one cluster per test assembly; tests run one at a time).
/// </summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    /// <summary>The collection name.</summary>
    public const string Name = "Cluster";
}
