using Orleans.Placement;

namespace OrleansWorkflows.Engine;

/// <summary>The placement of orchestration instances: on a silo that registers the instance's orchestration version
/// (see <see cref="VersionPlacementDirector"/>).</summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("ow.OrchestrationVersionPlacement")]
internal sealed class OrchestrationVersionPlacement : PlacementStrategy;

/// <summary>Places the grain by <see cref="OrchestrationVersionPlacement"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
internal sealed class OrchestrationVersionPlacementAttribute() : PlacementAttribute(new OrchestrationVersionPlacement());
