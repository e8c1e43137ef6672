using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;

namespace OrleansWorkflows.GatewayTests;

/// <summary>The gateway serves the dashboard's static files under /dashboard/ (the browser tests drive it).</summary>
public sealed class DashboardTests(GatewayFactory factory) : IClassFixture<GatewayFactory>
{
    [Fact]
    public async Task Dashboard_WithoutSlash_RedirectsToTheFolder()
    {
        using var http = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var response = await http.GetAsync(new Uri("/dashboard", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/dashboard/", response.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("/dashboard/", "text/html", "<title>OrleansWorkflows dashboard</title>")]
    [InlineData("/dashboard/dashboard.js", "text/javascript", "x-ms-continuation-token")]
    [InlineData("/dashboard/dashboard.css", "text/css", "font-family")]
    public async Task Dashboard_ServesItsFiles(string path, string mediaType, string content)
    {
        using var response = await factory.CreateClient().GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(content, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_UnknownFile_Returns404Problem()
    {
        using var response = await factory.CreateClient().GetAsync(new Uri("/dashboard/secrets.txt", UriKind.Relative));

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }
}
