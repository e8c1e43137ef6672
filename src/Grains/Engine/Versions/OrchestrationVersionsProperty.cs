using Microsoft.Extensions.Options;
using Orleans.Metadata;
using OrleansWorkflows.Hosting;

namespace OrleansWorkflows.Engine;

/// <summary>Publishes this silo's orchestration versions in its grain manifest (see <see cref="ClusterVersions"/>).</summary>
internal sealed class OrchestrationVersionsProperty(IOptions<WorkflowEngineOptions> options) : IGrainPropertiesProvider
{
    public void Populate(Type grainClass, GrainType grainType, Dictionary<string, string> properties)
    {
        if (grainClass == typeof(OrchestrationGrain))
        {
            properties[ClusterVersions.PropertyKey] = ClusterVersions.Describe(options.Value.Registry);
        }
    }
}
