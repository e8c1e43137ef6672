namespace OrleansWorkflows.Gateway.Api;

/// <summary>Maps every resource of the HTTP API (one file of endpoints per resource) and the optional pages and probes.</summary>
internal static class GatewayEndpoints
{
    public static IEndpointRouteBuilder MapGatewayEndpoints(this IEndpointRouteBuilder app, WorkflowEndpointsOptions options)
    {
        // The probes come first in the OpenAPI document (and so on the API page), as they always did in the gateway.
        if (options.OpenApiDocument)
        {
            app.MapOpenApi();
        }

        if (options.HealthProbes)
        {
            app.MapHealthEndpoints();
        }

        app.MapOrchestrationEndpoints();
        app.MapInstanceEndpoints();
        app.MapInstanceQueryEndpoints();
        app.MapInstanceControlEndpoints();
        app.MapHistoryEndpoints();
        app.MapEntityEndpoints();
        app.MapEntityQueryEndpoints();
        if (options.Dashboard)
        {
            app.MapDashboard();
            app.MapDashboardApi();
        }

        if (options.ApiReference)
        {
            app.MapApiReference();
        }

        return app;
    }
}
