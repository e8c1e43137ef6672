namespace OrleansWorkflows.Gateway.Api;

/// <summary>Maps every resource of the HTTP API (one file of endpoints per resource) and the dashboard.</summary>
internal static class GatewayEndpoints
{
    public static IEndpointRouteBuilder MapGatewayEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapOrchestrationEndpoints();
        app.MapInstanceEndpoints();
        app.MapInstanceQueryEndpoints();
        app.MapInstanceControlEndpoints();
        app.MapHistoryEndpoints();
        app.MapEntityEndpoints();
        app.MapEntityQueryEndpoints();
        app.MapDashboard();
        app.MapHealthEndpoints();
        return app;
    }
}
