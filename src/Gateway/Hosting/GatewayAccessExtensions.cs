using OrleansWorkflows.Gateway.Api;

namespace OrleansWorkflows.Gateway.Hosting;

/// <summary>
/// Who may call the gateway: CORS (off unless <c>Gateway:Cors:AllowedOrigins</c> lists origins), API keys (required
/// on every route when configured) and the request id every request carries to the cluster.
/// </summary>
internal static class GatewayAccessExtensions
{
    public const string KeyQueryParameter = "code";
    public const string KeyHeader = "x-functions-key";
    private const string CorsPolicy = "Gateway";

    /// <summary>
    /// Paths served without a key: the liveness and readiness probes, which orchestrators (Kubernetes, load balancers)
    /// call without credentials and which reveal nothing but "up" or "not ready".
    /// </summary>
    private static readonly PathString[] OpenPaths = [HealthEndpoints.LivePath, HealthEndpoints.ReadyPath];

    public static WebApplicationBuilder AddGatewayAccess(this WebApplicationBuilder builder)
    {
        var keys = ApiKeys.FromConfiguration(builder.Configuration);
        if (ListenAddressGuard.Check(builder.Configuration, keys.Required) is { } refusal)
        {
            throw new GatewayStartupException(refusal);
        }

        builder.Services.AddSingleton(keys);
        var origins = AllowedOrigins(builder.Configuration);
        if (origins.Length > 0)
        {
            builder.Services.AddCors(cors => cors.AddPolicy(CorsPolicy, policy => policy
                .WithOrigins(origins)
                .AllowAnyMethod()
                .AllowAnyHeader()
                .WithExposedHeaders("Location", "Retry-After", "x-ms-continuation-token", RequestIds.ResponseHeader)));
        }

        return builder;
    }

    /// <summary>CORS first (a preflight carries no key), then the key check, the request id and the id check.</summary>
    public static WebApplication UseGatewayAccess(this WebApplication app)
    {
        if (AllowedOrigins(app.Configuration).Length > 0)
        {
            app.UseCors(CorsPolicy);
        }

        var keys = app.Services.GetRequiredService<ApiKeys>();
        if (keys.Required)
        {
            app.Use((http, next) => IsOpen(http.Request.Path) || keys.Accepts(KeyOf(http.Request)) ? next(http) : RefuseAsync(http));
        }

        app.UseRequestIds();
        app.UseEncodedSlashGuard();
        return app;
    }

    /// <summary>The key a request carries: the <c>code</c> query parameter, else the <c>x-functions-key</c> header.</summary>
    public static string? KeyOf(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var code = request.Query[KeyQueryParameter].ToString();
        return code.Length > 0 ? code : request.Headers[KeyHeader].ToString();
    }

    private static string[] AllowedOrigins(IConfiguration configuration)
    {
        var section = configuration.GetSection("Gateway:Cors:AllowedOrigins");
        return [.. section.GetChildren().Select(c => c.Value ?? string.Empty).Concat((section.Value ?? string.Empty).Split(','))
            .Select(o => o.Trim().TrimEnd('/')).Where(o => o.Length > 0)];
    }

    private static bool IsOpen(PathString path) => Array.Exists(OpenPaths, open => path.Equals(open, StringComparison.OrdinalIgnoreCase));

    private static Task RefuseAsync(HttpContext http) => TypedResults.Problem(
        statusCode: StatusCodes.Status401Unauthorized,
        title: "Unauthorized",
        detail: $"A valid API key is required: pass it as the '{KeyQueryParameter}' query parameter or the '{KeyHeader}' header.").ExecuteAsync(http);
}
