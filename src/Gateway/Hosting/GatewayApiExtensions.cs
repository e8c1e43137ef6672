namespace OrleansWorkflows.Gateway.Hosting;

/// <summary>The HTTP plumbing of the gateway: options, body limits, problem details and OpenAPI.</summary>
internal static class GatewayApiExtensions
{
    public static WebApplicationBuilder AddGatewayApi(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(GatewayOptions.Section);
        builder.Services.Configure<GatewayOptions>(section);
        var limit = section.Get<GatewayOptions>()?.MaxRequestBodyBytes ?? new GatewayOptions().MaxRequestBodyBytes;

        // Kestrel stops oversized bodies early; the endpoints enforce the same limit on any server (and in tests).
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = limit);
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        return builder;
    }

    /// <summary>Every error the framework produces (unknown route, wrong method, bad query) becomes problem details.</summary>
    public static WebApplication UseGatewayErrorHandling(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }
}
