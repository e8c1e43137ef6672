using Microsoft.Extensions.Options;
using OrleansWorkflows.DurableTask.Grpc.Hosting;

namespace OrleansWorkflows.Gateway.Hosting;

/// <summary>
/// The Durable Task sidecar endpoint of the gateway (<c>OrleansWorkflows.DurableTask.Grpc</c>): off unless
/// <c>DurableTaskGrpc:Port</c> is set; loopback unless <c>DurableTaskGrpc:Host</c> says otherwise; the gateway's API
/// keys (<c>Gateway:ApiKey(s)</c>) apply to it too. With the embedded silo the silo runs the workers' orchestrations and
/// activities; as a client of a cluster (<c>Cluster:Gateways</c>, or <c>Storage:Kind</c> PostgreSql or AzureStorage)
/// the workers connect here and the cluster's silos run that work on them, reaching this gateway's hub through an
/// observer: every silo must then run with <c>DurableTaskGrpc:RemoteWorkers=true</c> (<c>src/Silo</c>).
/// </summary>
internal static class DurableTaskGrpcGatewayExtensions
{
    public static WebApplicationBuilder AddGatewayDurableTaskGrpc(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(DurableTaskGrpcOptions.Section);
        if (string.IsNullOrWhiteSpace(section["Port"]))
        {
            return builder;
        }

        var keys = GatewayHostingExtensions.ApiKeysOf(builder.Configuration.GetSection(GatewayOptions.Section));
        try
        {
            return WorkflowBackendExtensions.IsClusterClient(builder.Configuration)
                ? builder.AddDurableTaskGrpcAsClusterClient(section, o => o.ApiKeys = keys)
                : builder.AddDurableTaskGrpc(section, o => o.ApiKeys = keys);
        }
        catch (OptionsValidationException ex)
        {
            throw new GatewayStartupException(ex.Message);
        }
    }
}
