using System.Text.Json.Serialization;

namespace OrleansWorkflows.Gateway.Api;

/// <summary>The body of a purge: <c>{"instancesDeleted": n}</c> (Durable Functions shape).</summary>
internal sealed record PurgeResponse([property: JsonPropertyName("instancesDeleted")] int InstancesDeleted);
