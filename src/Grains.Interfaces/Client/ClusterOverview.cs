namespace OrleansWorkflows;

/// <summary>What the cluster's membership table and its silos report: every silo it knows and the activations per grain type.</summary>
/// <param name="Silos">The silos of the membership table, dead ones included.</param>
/// <param name="Activations">The activations per grain type and silo (one entry per pair).</param>
public sealed record ClusterOverview(IReadOnlyList<SiloOverview> Silos, IReadOnlyList<GrainActivations> Activations);

/// <summary>One silo of the membership table.</summary>
/// <param name="Address">The silo address (endpoint and generation).</param>
/// <param name="Name">The silo's name, if it has one.</param>
/// <param name="HostName">The host it runs on.</param>
/// <param name="Status">Its membership status: Active, Joining, ShuttingDown, Stopping, Dead, ...</param>
/// <param name="StartedAt">When it started (UTC).</param>
/// <param name="LastAliveAt">When it last said it was alive (UTC), if ever.</param>
public sealed record SiloOverview(string Address, string? Name, string? HostName, string Status, DateTime StartedAt, DateTime? LastAliveAt);

/// <summary>The activations of one grain type on one silo.</summary>
/// <param name="GrainType">The grain type.</param>
/// <param name="SiloAddress">The silo.</param>
/// <param name="Count">Its activations there.</param>
public sealed record GrainActivations(string GrainType, string SiloAddress, int Count);
