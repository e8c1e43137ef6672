namespace OrleansWorkflows.GatewayTests.Access;

/// <summary>A gateway with API keys: one from <c>Gateway:ApiKey</c>, two from a comma-separated <c>Gateway:ApiKeys</c>.</summary>
public sealed class KeyedGatewayFactory : GatewayFactory
{
    public const string Key = "key-one";
    public static readonly string[] OtherKeys = ["key-two", "key three"];

    protected override IEnumerable<(string Key, string Value)> Settings =>
        [("Gateway:ApiKey", Key), ("Gateway:ApiKeys", string.Join(",", OtherKeys))];
}
