using Xunit;

namespace OrleansWorkflows.UnitTests.Client;

/// <summary>
/// The shared input rules: JSON the engine can write back (no lone surrogate, raw or escaped), instance ids that are
/// not only whitespace and hold valid UTF-16, entity names and keys likewise, and event names reserved by the engine.
/// </summary>
public sealed class InputValidationTests
{
    [Theory]
    [InlineData("\"\\ud800\"")]
    [InlineData("\"\\uDFFF\"")]
    [InlineData("{\"a\":{\"b\":[\"x\\udc00\"]}}")]
    [InlineData("{\"\\ud83d\":1}")]
    [InlineData("\"\\ud83d\\u0041\"")]
    public void Json_WithALoneSurrogate_IsRefused(string json) =>
        Assert.Contains("surrogate", WorkflowJson.Validate(json), StringComparison.OrdinalIgnoreCase);

    [Theory]
    [InlineData("\"\\ud83d\\ude00\"")]
    [InlineData("\"\U0001F600\"")]
    [InlineData("{\"a\":\"\\u00e9\\n\"}")]
    [InlineData("\"\\\\ud800\"")]
    [InlineData("[1, 2, {\"x\": null}]")]
    [InlineData("")]
    public void Json_ThatCanBeWrittenBack_IsAccepted(string json) => Assert.Null(WorkflowJson.Validate(json));

    [Fact]
    public void Json_Malformed_GivesTheParseError() => Assert.NotNull(WorkflowJson.Validate("{\"a\":"));

    [Theory]
    [InlineData(" ")]
    [InlineData("\u00A0")]
    [InlineData("\u3000")]
    [InlineData(" \u2003\u2009 ")]
    public void InstanceId_WhitespaceOnly_IsRefused(string id) => Assert.NotNull(InstanceIds.Validate(id));

    /// <summary>Raw lone surrogates (in code: test arguments would be re-encoded on the way to the test).</summary>
    [Fact]
    public void RawLoneSurrogates_InIdsAndJson_AreRefused()
    {
        Assert.NotNull(InstanceIds.Validate("a\uD800"));
        Assert.NotNull(InstanceIds.Validate("\uDC00b"));
        Assert.Contains("surrogate", WorkflowJson.Validate("\"\uD800\""), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("surrogate", WorkflowJson.Validate("{\"k\":\"x\uDFFF\"}"), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("order 42")]
    [InlineData(" padded ")]
    [InlineData("\U0001F600")]
    public void InstanceId_WithSomeWhitespaceOrEmoji_IsAccepted(string id) => Assert.Null(InstanceIds.Validate(id));

    [Fact]
    public void EntityKeyOrName_WithALoneSurrogate_IsRefused()
    {
        Assert.NotNull(EntityId.ValidateKey("k\uD800"));
        Assert.NotNull(EntityId.ValidateName("n\uDC00"));
        Assert.Null(EntityId.ValidateKey(" "));
    }

    [Theory]
    [InlineData("$ow-wake", true)]
    [InlineData("$OW-Wake", true)]
    [InlineData("$ow-", true)]
    [InlineData("$owl", false)]
    [InlineData("Approval", false)]
    public void EventName_ReservedPrefix_IsRefused(string name, bool reserved) =>
        Assert.Equal(reserved, ReservedNames.ValidateEventName(name) is not null);
}
