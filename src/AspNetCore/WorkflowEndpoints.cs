using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OrleansWorkflows.Gateway.Api;
using OrleansWorkflows.Gateway.Hosting;

namespace OrleansWorkflows.AspNetCore;

/// <summary>
/// The HTTP API (Durable Functions routes), the dashboard, the API reference page, the OpenAPI document and the health
/// probes of OrleansWorkflows, for any ASP.NET Core app that hosts a silo (<c>AddOrleansWorkflows</c>) or an Orleans
/// client of one: <c>builder.Services.AddWorkflowEndpoints(o => ...)</c>, then <c>app.MapWorkflowEndpoints()</c>.
/// </summary>
public static class WorkflowEndpoints
{
    /// <summary>
    /// The service key of the <see cref="WorkflowClient"/> the endpoints use: the app's own client (registered by the
    /// silo, or here for a client-only app) with <see cref="WorkflowEndpointsOptions.RetryDeadline"/> as its retry budget.
    /// </summary>
    public const string ClientKey = "OrleansWorkflows.AspNetCore";

    /// <summary>Registers the endpoints' services and options (call it once; the options are checked at start-up).</summary>
    /// <param name="services">The app's services.</param>
    /// <param name="configure">Sets the options: route prefix, API keys, dashboard on/off, limits.</param>
    public static IServiceCollection AddWorkflowEndpoints(this IServiceCollection services, Action<WorkflowEndpointsOptions>? configure = null) =>
        AddWorkflowEndpoints(services, null, configure);

    /// <summary>
    /// Registers the endpoints' services with options bound from a configuration section (its keys are the property
    /// names of <see cref="WorkflowEndpointsOptions"/>, e.g. <c>Workflows:RoutePrefix</c>), then <paramref name="configure"/>.
    /// </summary>
    /// <param name="services">The app's services.</param>
    /// <param name="section">The configuration section, e.g. <c>builder.Configuration.GetSection("Workflows")</c>; errors name its keys.</param>
    /// <param name="configure">Sets options after the binding.</param>
    public static IServiceCollection AddWorkflowEndpoints(this IServiceCollection services, IConfiguration? section, Action<WorkflowEndpointsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<WorkflowEndpointsOptions>();
        if (section is not null)
        {
            options.Bind(section);
        }

        if (configure is not null)
        {
            options.Configure(configure);
        }

        if (services.Any(d => d.ServiceType == typeof(Marker)))
        {
            return services;
        }

        services.AddSingleton<Marker>();
        options.ValidateOnStart();
        var prefix = section is IConfigurationSection { Path: { Length: > 0 } path } ? path + ":" : nameof(WorkflowEndpointsOptions) + ".";
        services.AddSingleton<IValidateOptions<WorkflowEndpointsOptions>>(new WorkflowEndpointsOptionsValidator(prefix));
        services.AddSingleton(sp => new ApiKeys(sp.GetRequiredService<IOptions<WorkflowEndpointsOptions>>().Value.ApiKeys));

        // A client-only app has no WorkflowClient of its own: one over its cluster client. The endpoints use the app's
        // client (also one a test put in its place) with their own retry deadline.
        services.TryAddSingleton(sp => new WorkflowClient(sp.GetRequiredService<IGrainFactory>()));
        services.AddKeyedSingleton(ClientKey, (sp, _) =>
            sp.GetRequiredService<WorkflowClient>().WithTransientRetryBudget(sp.GetRequiredService<IOptions<WorkflowEndpointsOptions>>().Value.RetryDeadline));
        services.AddProblemDetails();
        services.AddOpenApi(openApi => openApi.AddDocumentTransformer<ApiKeySecurityScheme>());
        return services;
    }

    /// <summary>
    /// Maps every endpoint under <see cref="WorkflowEndpointsOptions.RoutePrefix"/> and adds, for requests under it, the
    /// API key check, the request id (<c>x-ms-request-id</c>) and the instance-id check. Call it where those should run
    /// in the pipeline (after CORS and authentication middleware of the app, if any).
    /// </summary>
    /// <typeparam name="TApp">The app, e.g. <c>WebApplication</c>.</typeparam>
    /// <param name="app">The app.</param>
    public static TApp MapWorkflowEndpoints<TApp>(this TApp app)
        where TApp : IApplicationBuilder, IEndpointRouteBuilder
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.ServiceProvider.GetService<Marker>() is null)
        {
            throw new InvalidOperationException("MapWorkflowEndpoints needs the endpoints' services: call builder.Services.AddWorkflowEndpoints(...) first.");
        }

        var options = app.ServiceProvider.GetRequiredService<IOptions<WorkflowEndpointsOptions>>().Value;
        var prefix = new PathString(options.RoutePrefix);
        app.UseWorkflowAccess(prefix, app.ServiceProvider.GetRequiredService<ApiKeys>());
        IEndpointRouteBuilder routes = prefix.HasValue ? app.MapGroup(prefix.Value!) : app;
        routes.MapGatewayEndpoints(options);
        return app;
    }

    /// <summary>A route prefix is empty or a rooted path without a trailing slash, query or fragment.</summary>
    internal static bool IsValidPrefix(string? prefix) =>
        string.IsNullOrEmpty(prefix)
        || (prefix.StartsWith('/') && !prefix.EndsWith('/') && prefix.IndexOfAny(['?', '#', '{', '}', '\\']) < 0 && !prefix.Contains("//", StringComparison.Ordinal));

    private sealed class Marker;
}
