using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace OrleansWorkflows.Gateway.Hosting;

/// <summary>
/// When API keys are configured, the OpenAPI document declares them: an <c>x-functions-key</c> header scheme named
/// <see cref="Name"/>, required by every operation, so that API tools (and the <c>/api-docs/</c> page) send the key.
/// </summary>
internal sealed class ApiKeySecurityScheme(ApiKeys keys) : IOpenApiDocumentTransformer
{
    public const string Name = "functionsKey";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (!keys.Required)
        {
            return Task.CompletedTask;
        }

        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[Name] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = GatewayAccessExtensions.KeyHeader,
            Description = $"An API key of the workflow endpoints (the gateway's Gateway:ApiKey / Gateway:ApiKeys), also accepted as the '{GatewayAccessExtensions.KeyQueryParameter}' query parameter.",
        };
        document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Name, document)] = [] }];
        return Task.CompletedTask;
    }
}
