using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using OrleansWorkflows.Gateway.Hosting;

namespace OrleansWorkflows.GatewayTests.Access;

/// <summary>The gateway refuses to listen beyond loopback without an API key.</summary>
public sealed class ListenAddressGuardTests
{
    [Theory]
    [InlineData("urls", "http://0.0.0.0:5000")]
    [InlineData("urls", "http://*:5000")]
    [InlineData("urls", "http://+:5000")]
    [InlineData("urls", "http://[::]:5000")]
    [InlineData("urls", "http://127.0.0.1:5000;http://10.1.2.3:5000")]
    [InlineData("urls", "http://gateway.example.com:5000")]
    [InlineData("http_ports", "8080")]
    [InlineData("Kestrel:Endpoints:Public:Url", "https://0.0.0.0:443")]
    public void Check_NonLoopbackWithoutKey_RefusesNamingTheAddress(string key, string value)
    {
        var error = ListenAddressGuard.Check(Configuration((key, value)), hasApiKey: false);

        Assert.NotNull(error);
        Assert.Contains("no API key", error, StringComparison.Ordinal);
        Assert.Contains("Gateway:ApiKey", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("urls", "http://localhost:5000")]
    [InlineData("urls", "http://127.0.0.1:5000;http://[::1]:5001")]
    [InlineData("urls", "http://127.0.0.2:5000")]
    [InlineData("Kestrel:Endpoints:Local:Url", "http://localhost:5000")]
    [InlineData("unrelated", "x")]
    public void Check_LoopbackOrDefault_Allows(string key, string value)
    {
        Assert.Null(ListenAddressGuard.Check(Configuration((key, value)), hasApiKey: false));
    }

    [Fact]
    public void Check_NonLoopbackWithKey_Allows()
    {
        Assert.Null(ListenAddressGuard.Check(Configuration(("urls", "http://0.0.0.0:5000")), hasApiKey: true));
    }

    [Fact]
    public void Gateway_ListeningOnAllInterfacesWithoutKey_DoesNotStart()
    {
        using var factory = new GatewayFactory().WithWebHostBuilder(b => b.UseSetting("urls", "http://0.0.0.0:5999"));

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("no API key is configured", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ApiKeys_CompareExactly()
    {
        var keys = new ApiKeys(["alpha", " beta ", ""]);

        Assert.True(keys.Required);
        Assert.True(keys.Accepts("alpha"));
        Assert.True(keys.Accepts("beta"));
        Assert.False(keys.Accepts("alph"));
        Assert.False(keys.Accepts("alpha "));
        Assert.False(keys.Accepts(""));
        Assert.False(keys.Accepts(null));
        Assert.False(new ApiKeys([" "]).Required);
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();
}
