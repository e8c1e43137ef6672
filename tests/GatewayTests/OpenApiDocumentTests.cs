using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace OrleansWorkflows.GatewayTests;

/// <summary>The OpenAPI document lists every HTTP API route with an operation id and a summary.</summary>
public sealed class OpenApiDocumentTests(GatewayFactory factory) : IClassFixture<GatewayFactory>
{
    private readonly HttpClient _http = factory.CreateClient();

    [Fact]
    public async Task OpenApi_ListsEveryApiRouteWithOperationIdAndSummary()
    {
        using var response = await _http.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var paths = (await response.ReadJsonAsync()).GetProperty("paths");
        var documented = paths.EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(op => (Path: Normalize(p.Name), Method: op.Name.ToUpperInvariant(), Operation: op.Value)))
            .ToList();

        var routes = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith(DurableApi.BasePath, StringComparison.Ordinal) == true)
            .SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Select(m => (Path: Normalize(e.RoutePattern.RawText!), Method: m)))
            .ToList();

        Assert.True(routes.Count >= 18, $"expected the whole API, found {routes.Count} routes");
        foreach (var (path, method) in routes)
        {
            var match = documented.Where(d => d.Path == path && d.Method == method).ToList();
            var operation = Assert.Single(match).Operation;
            Assert.False(string.IsNullOrWhiteSpace(operation.GetProperty("operationId").GetString()), $"{method} {path} has no operationId");
            Assert.False(string.IsNullOrWhiteSpace(operation.GetProperty("summary").GetString()), $"{method} {path} has no summary");
        }

        var operationIds = documented.Select(d => d.Operation.GetProperty("operationId").GetString()).ToList();
        Assert.Equal(operationIds.Count, operationIds.Distinct().Count());
    }

    [Theory]
    [InlineData("/instances", "get", "ListInstances")]
    [InlineData("/instances", "delete", "PurgeInstances")]
    [InlineData("/instances/{instanceId}", "delete", "PurgeInstance")]
    [InlineData("/instances/{instanceId}/terminate", "post", "TerminateInstance")]
    [InlineData("/instances/{instanceId}/restart", "post", "RestartInstance")]
    [InlineData("/entities/{name}/{key}", "post", "SignalEntity")]
    [InlineData("/entities/{name}", "get", "ListEntitiesByName")]
    public async Task OpenApi_NamesTheDurableOperations(string path, string method, string operationId)
    {
        using var response = await _http.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        var paths = (await response.ReadJsonAsync()).GetProperty("paths");

        var entry = paths.EnumerateObject().Single(p => Normalize(p.Name) == DurableApi.BasePath + path);

        Assert.Equal(operationId, entry.Value.GetProperty(method).GetProperty("operationId").GetString());
    }

    private static string Normalize(string path) => path.Length > 1 ? path.TrimEnd('/') : path;
}
