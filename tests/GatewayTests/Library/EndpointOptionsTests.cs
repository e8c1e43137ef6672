using System.Net;
using Microsoft.Extensions.Options;

namespace OrleansWorkflows.GatewayTests.Library;

/// <summary>
/// The options of <c>AddWorkflowEndpoints</c> in an app of its own: the pages and probes can be switched off, API keys
/// guard the endpoints under the prefix and nothing else of the app, wrong values stop the start naming the option,
/// and an app that is only an Orleans client of a silo serves the API as well.
/// </summary>
public sealed class EndpointOptionsTests
{
    private const string Api = "/runtime/webhooks/durabletask";

    [Fact]
    public async Task DashboardApiPageDocumentAndProbesOff_AreNotServed_TheApiIs()
    {
        await using var app = await LibraryApp.StartWithSiloAsync(o => (o.Dashboard, o.ApiReference, o.OpenApiDocument, o.HealthProbes) = (false, false, false, false));

        foreach (var path in new[] { "/dashboard/", "/dashboard/dashboard.js", "/api-docs/", "/api-docs/assets/scalar.js", "/openapi/v1.json", "/healthz", "/readyz" })
        {
            using var response = await app.Http.GetAsync(new Uri(path, UriKind.Relative));
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path}: {(int)response.StatusCode}");
        }

        using var start = await app.Http.PostAsync(new Uri($"{Api}/orchestrators/HelloSequence?timeout=30", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.OK, start.StatusCode);
        Assert.Equal(3, (await start.ReadJsonAsync()).GetArrayLength());
    }

    [Fact]
    public async Task DashboardOn_ByDefault()
    {
        await using var app = await LibraryApp.StartWithSiloAsync(_ => { });

        using var response = await app.Http.GetAsync(new Uri("/dashboard/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task ApiKeys_GuardEverythingUnderThePrefixButTheProbes_AndNotTheAppsOwnRoutes()
    {
        await using var app = await LibraryApp.StartWithSiloAsync(o => (o.RoutePrefix, o.ApiKeys) = ("/wf", ["k1", "k2"]));

        using var withoutKey = await app.Http.GetAsync(new Uri($"/wf{Api}/instances", UriKind.Relative));
        using var wrongKey = await app.Http.GetAsync(new Uri($"/wf{Api}/instances?code=k3", UriKind.Relative));
        using var unknownRoute = await app.Http.GetAsync(new Uri("/wf/no/such/route", UriKind.Relative));
        using var dashboard = await app.Http.GetAsync(new Uri("/wf/dashboard/", UriKind.Relative));
        using var byQuery = await app.Http.GetAsync(new Uri($"/wf{Api}/instances?code=k2", UriKind.Relative));
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"/wf{Api}/instances", UriKind.Relative));
        request.Headers.Add("x-functions-key", "k1");
        using var byHeader = await app.Http.SendAsync(request);
        using var probe = await app.Http.GetAsync(new Uri("/wf/readyz", UriKind.Relative));
        using var own = await app.Http.GetAsync(new Uri("/hello", UriKind.Relative));

        await withoutKey.AssertProblemAsync(HttpStatusCode.Unauthorized);
        await wrongKey.AssertProblemAsync(HttpStatusCode.Unauthorized);
        await unknownRoute.AssertProblemAsync(HttpStatusCode.Unauthorized);
        await dashboard.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, byQuery.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byHeader.StatusCode);
        Assert.Equal(HttpStatusCode.OK, probe.StatusCode);
        Assert.Equal("hello from the app", await own.Content.ReadAsStringAsync());
        Assert.False(own.Headers.Contains("x-ms-request-id"), "the app's own routes get no request id header");
        Assert.True(byQuery.Headers.Contains("x-ms-request-id"));
    }

    [Fact]
    public async Task WrongOptions_StopTheStart_NamingEachOption()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            LibraryApp.StartWithSiloAsync(o => (o.RoutePrefix, o.RetryDeadline, o.OpenApiDocument) = ("workflows/", TimeSpan.FromSeconds(-1), false)));

        Assert.Equal(
            [
                "WorkflowEndpointsOptions.RoutePrefix is workflows/; allowed: empty, or a path such as /workflows (no query, no trailing slash).",
                "WorkflowEndpointsOptions.RetryDeadline is -00:00:01; allowed: 00:00:00 to 01:00:00.",
                "WorkflowEndpointsOptions.ApiReference is True; allowed: false when OpenApiDocument is false (the page shows that document).",
            ],
            error.Failures);
    }

    [Fact]
    public async Task ClientOnlyApp_ServesTheApiOfAnotherHostsSilo()
    {
        await using var silo = await LibraryApp.StartWithSiloAsync(o => o.Dashboard = false);
        await using var client = await LibraryApp.StartWithClientAsync(silo.OrleansGatewayPort, _ => { });

        using var start = await client.Http.PostAsync(new Uri($"{Api}/orchestrators/HelloSequence?timeout=30", UriKind.Relative), null);
        using var signal = await client.Http.PostAsync(new Uri($"{Api}/entities/Counter/library-client?op=Add", UriKind.Relative), new StringContent("5"));

        Assert.Equal(HttpStatusCode.OK, start.StatusCode);
        Assert.Equal(3, (await start.ReadJsonAsync()).GetArrayLength());
        Assert.Equal(HttpStatusCode.Accepted, signal.StatusCode);
        await DurableApi.EventuallyAsync(
            async () =>
            {
                using var state = await silo.Http.GetAsync(new Uri($"{Api}/entities/Counter/library-client", UriKind.Relative));
                return state.StatusCode == HttpStatusCode.OK && await state.Content.ReadAsStringAsync() == "5";
            },
            "the counter signalled through the client app holding 5, read through the silo's app");
    }
}
