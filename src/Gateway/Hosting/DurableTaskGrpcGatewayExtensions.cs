using Microsoft.Extensions.Options;
using OrleansWorkflows.DurableTask.Grpc.Hosting;
using OrleansWorkflows.Hosting;

namespace OrleansWorkflows.Gateway.Hosting;

/// <summary>
/// The Durable Task sidecar endpoint of the gateway (<c>OrleansWorkflows.DurableTask.Grpc</c>): off unless
/// <c>DurableTaskGrpc:Port</c> is set; loopback unless <c>DurableTaskGrpc:Host</c> says otherwise; the gateway's API
/// keys (<c>Gateway:ApiKey(s)</c>) apply to it too. Remote workers run episodes inside the silo, so the endpoint needs
/// the embedded silo: with a cluster configured it refuses to start.
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

        var backend = BackendSettings.FromConfiguration(builder.Configuration);
        if (!backend.IsEmbedded || StorageSettings.FromConfiguration(builder.Configuration).Kind == StorageKind.PostgreSql)
        {
            throw new GatewayStartupException(
                "DurableTaskGrpc:Port is set, but the gateway is a client of a cluster: the Durable Task endpoint needs the embedded silo " +
                "(remote workers run their episodes in it). Remove Cluster:Gateways and use Storage:Kind Sqlite or Memory, or unset DurableTaskGrpc:Port.");
        }

        var keys = GatewayHostingExtensions.ApiKeysOf(builder.Configuration.GetSection(GatewayOptions.Section));
        try
        {
            return builder.AddDurableTaskGrpc(section, o => o.ApiKeys = keys);
        }
        catch (OptionsValidationException ex)
        {
            throw new GatewayStartupException(ex.Message);
        }
    }
}
