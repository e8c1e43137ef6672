using OrleansWorkflows.Diagnostics;
using Xunit;

namespace OrleansWorkflows.UnitTests.Diagnostics;

/// <summary>Span names and small attribute values are made once and shared by every span that uses them.</summary>
public sealed class SpanPartsTests
{
    [Fact]
    public void Name_IsPrefixColonName_TheSameStringForEverySpanOfIt()
    {
        var first = SpanParts.Name("activity", "SpanPartsTests.SayHello");
        Assert.Equal("activity:SpanPartsTests.SayHello", first);
        Assert.Same(first, SpanParts.Name("activity", "SpanPartsTests.SayHello"));
        Assert.Equal("orchestration:SpanPartsTests.SayHello", SpanParts.Name("orchestration", "SpanPartsTests.SayHello"));
        Assert.Equal("event:", SpanParts.Name("event", null));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(255)]
    public void Boxed_SmallValue_IsSharedBox(int value)
    {
        Assert.Equal(value, SpanParts.Boxed(value));
        Assert.Same(SpanParts.Boxed(value), SpanParts.Boxed(value));
    }

    [Theory]
    [InlineData(256)]
    [InlineData(-1)]
    [InlineData(int.MaxValue)]
    public void Boxed_OtherValue_IsItsValue(int value) => Assert.Equal(value, SpanParts.Boxed(value));
}
