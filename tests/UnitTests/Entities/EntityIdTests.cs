using Xunit;

namespace OrleansWorkflows.UnitTests.Entities;

public sealed class EntityIdTests
{
    [Fact]
    public void Name_IsLowerCased_AndTheStringFormRoundTrips_KeyMayContainAt()
    {
        var id = new EntityId("Counter", "a@b");
        Assert.Equal("@counter@a@b", id.ToString());
        Assert.Equal(id, EntityId.Parse(id.ToString()));
        Assert.Equal(new EntityId("COUNTER", "a@b"), id);
    }

    [Fact]
    public void EmptyKey_IsAllowed()
    {
        Assert.Equal("@counter@", new EntityId("counter", string.Empty).ToString());
        Assert.Equal(string.Empty, EntityId.Parse("@counter@").Key);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("a@b")]
    [InlineData("a/b")]
    [InlineData("a?b")]
    [InlineData("a\nb")]
    public void InvalidName_IsRefusedWithAClearError(string name)
    {
        var ex = Assert.Throws<ArgumentException>(() => new EntityId(name, "k"));
        Assert.Contains("entity name", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OverlongKey_IsRefused() =>
        Assert.Contains("at most 256", Assert.Throws<ArgumentException>(() => new EntityId("c", new string('k', 257))).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("counter@k")]
    [InlineData("@counter")]
    [InlineData("@@k")]
    [InlineData("")]
    public void Parse_NonEntityIds_FailsWithFormatException(string value) => Assert.Throws<FormatException>(() => EntityId.Parse(value));
}
