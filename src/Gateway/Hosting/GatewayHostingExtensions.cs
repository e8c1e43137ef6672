using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using OrleansWorkflows.AspNetCore;

namespace OrleansWorkflows.Gateway.Hosting;

/// <summary>
/// The gateway host around the workflow endpoints (<c>OrleansWorkflows.AspNetCore</c>): their options from the
/// <c>Gateway</c> section (API keys also as one <c>Gateway:ApiKey</c> or a comma-separated <c>Gateway:ApiKeys</c>),
/// the listen-address guard, Kestrel's limits, CORS (off unless <c>Gateway:Cors:AllowedOrigins</c> lists origins) and
/// problem details for every error of the app.
/// </summary>
internal static class GatewayHostingExtensions
{
    private const string CorsPolicy = "Gateway";

    public static WebApplicationBuilder AddGatewayHosting(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(GatewayOptions.Section);
        var keys = ApiKeysOf(section);
        if (ListenAddressGuard.Check(builder.Configuration, keys.Any(k => !string.IsNullOrWhiteSpace(k))) is { } refusal)
        {
            throw new GatewayStartupException(refusal);
        }

        builder.Services.AddWorkflowEndpoints(section, o => o.ApiKeys = keys);
        builder.Services.Configure<GatewayOptions>(section);
        builder.Services.AddOptions<GatewayOptions>().ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<GatewayOptions>, GatewayOptionsValidator>();

        // Kestrel stops oversized bodies early (the endpoints enforce the same limit on any server, and in tests), and
        // slow or stalled bodies and headers: the endpoints answer those 408, never as a cluster error.
        var limits = section.Get<GatewayOptions>() ?? new GatewayOptions();
        var maxBody = (section.Get<WorkflowEndpointsOptions>() ?? new WorkflowEndpointsOptions()).MaxRequestBodyBytes;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = maxBody;
            kestrel.Limits.MinRequestBodyDataRate = new MinDataRate(limits.RequestBodyMinBytesPerSecond, limits.RequestBodyGracePeriod);
            kestrel.Limits.RequestHeadersTimeout = limits.RequestHeadersTimeout;
        });

        // A request the framework could not bind (a query value that is not a number or a boolean) or read is the
        // client's error: its status (400, 408, 413), not 500, also where binding failures throw (Development).
        builder.Services.Configure<ExceptionHandlerOptions>(o =>
            o.StatusCodeSelector = ex => ex is Microsoft.AspNetCore.Http.BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError);

        var origins = AllowedOrigins(builder.Configuration);
        if (origins.Length > 0)
        {
            builder.Services.AddCors(cors => cors.AddPolicy(CorsPolicy, policy => policy
                .WithOrigins(origins)
                .AllowAnyMethod()
                .AllowAnyHeader()
                .WithExposedHeaders("Location", "Retry-After", "x-ms-continuation-token", "x-ms-request-id")));
        }

        return builder;
    }

    /// <summary>
    /// Every error the framework produces (unknown route, wrong method, bad query) becomes problem details; then CORS
    /// (a preflight carries no key, so it comes before the endpoints' key check).
    /// </summary>
    public static WebApplication UseGatewayHosting(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        if (AllowedOrigins(app.Configuration).Length > 0)
        {
            app.UseCors(CorsPolicy);
        }

        return app;
    }

    /// <summary><c>Gateway:ApiKey</c> and <c>Gateway:ApiKeys</c> (an array, or one comma-separated string so that <c>Gateway__ApiKeys=k1,k2</c> works in the environment).</summary>
    internal static List<string> ApiKeysOf(IConfigurationSection section)
    {
        var list = section.GetSection("ApiKeys");
        return [.. list.GetChildren().Select(c => c.Value ?? string.Empty), .. (list.Value ?? string.Empty).Split(','), section["ApiKey"] ?? string.Empty];
    }

    private static string[] AllowedOrigins(IConfiguration configuration)
    {
        var section = configuration.GetSection("Gateway:Cors:AllowedOrigins");
        return [.. section.GetChildren().Select(c => c.Value ?? string.Empty).Concat((section.Value ?? string.Empty).Split(','))
            .Select(o => o.Trim().TrimEnd('/')).Where(o => o.Length > 0)];
    }
}
