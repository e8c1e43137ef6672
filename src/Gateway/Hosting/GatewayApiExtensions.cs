using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace OrleansWorkflows.Gateway.Hosting;

/// <summary>
/// The HTTP plumbing of the gateway: options, access (keys, CORS), body limits, problem details, OpenAPI, and the
/// client facade the endpoints use, whose retries of transient cluster errors end at <see cref="GatewayOptions.RetryDeadline"/>.
/// </summary>
internal static class GatewayApiExtensions
{
    public static WebApplicationBuilder AddGatewayApi(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(GatewayOptions.Section);
        builder.Services.Configure<GatewayOptions>(section);
        builder.Services.AddOptions<GatewayOptions>().ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<GatewayOptions>, GatewayOptionsValidator>();
        var options = section.Get<GatewayOptions>() ?? new GatewayOptions();
        var limit = options.MaxRequestBodyBytes;
        builder.AddGatewayAccess();

        // Replaces the silo's registration (embedded mode) or the client's: same cluster, the gateway's deadline.
        builder.Services.RemoveAll<WorkflowClient>();
        builder.Services.AddSingleton(sp => new WorkflowClient(sp.GetRequiredService<IGrainFactory>()) { TransientRetryBudget = options.RetryDeadline });

        // Kestrel stops oversized bodies early (the endpoints enforce the same limit on any server, and in tests), and
        // slow or stalled bodies and headers: the endpoints answer those 408, never as a cluster error.
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = limit;
            kestrel.Limits.MinRequestBodyDataRate = new MinDataRate(options.RequestBodyMinBytesPerSecond, options.RequestBodyGracePeriod);
            kestrel.Limits.RequestHeadersTimeout = options.RequestHeadersTimeout;
        });
        builder.Services.AddProblemDetails();

        // A request the framework could not bind (a query value that is not a number or a boolean) or read is the
        // client's error: its status (400, 408, 413), not 500, also where binding failures throw (Development).
        builder.Services.Configure<ExceptionHandlerOptions>(o =>
            o.StatusCodeSelector = ex => ex is Microsoft.AspNetCore.Http.BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError);
        var keysRequired = ApiKeys.FromConfiguration(builder.Configuration).Required;
        builder.Services.AddOpenApi(openApi =>
        {
            if (keysRequired)
            {
                openApi.AddDocumentTransformer<ApiKeySecurityScheme>();
            }
        });
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
