using Microsoft.Extensions.Options;

namespace OrleansWorkflows.GatewayTests.Hardening;

/// <summary>
/// The gateway's options (section <c>Gateway</c>) are checked when it starts: a value out of range stops the start with
/// an error naming each key, its value and the allowed range, instead of a gateway that misbehaves later (a negative
/// <c>Retry-After</c> on every 503).
/// </summary>
public sealed class OptionsValidationTests
{
    [Fact]
    public void Start_NegativeRetryAfterAndZeroReadinessTimeout_FailsNamingEachKeyAndRange()
    {
        using var gateway = new SettingsGatewayFactory(("Gateway:UnavailableRetryAfterSeconds", "-5"), ("Gateway:ReadinessTimeout", "00:00:00"));

        var error = Assert.Throws<OptionsValidationException>(() => gateway.CreateClient());

        Assert.Equal(
            [
                "Gateway:ReadinessTimeout is 00:00:00; allowed: more than 00:00:00, up to 00:05:00.",
                "Gateway:UnavailableRetryAfterSeconds is -5; allowed: 0 to 3600.",
            ],
            error.Failures);
    }

    private sealed class SettingsGatewayFactory(params (string Key, string Value)[] settings) : GatewayFactory
    {
        protected override IEnumerable<(string Key, string Value)> Settings => settings;
    }
}
