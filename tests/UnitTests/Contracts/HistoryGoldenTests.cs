using System.Reflection;
using System.Text.Json.Serialization;
using OrleansWorkflows.History;
using Xunit;

namespace OrleansWorkflows.UnitTests.Contracts;

/// <summary>
/// Every history event type (found by reflection) has a fully populated sample and a golden file
/// <c>Golden/History/{eventType}.json</c>: the sample serializes to exactly the golden text and the golden text reads
/// back as the sample. Renaming a property or an <c>eventType</c> discriminator fails here.
/// </summary>
public sealed class HistoryGoldenTests
{
    public static TheoryData<string> EventTypes() => [.. AllEventTypes().Select(t => t.Name)];

    [Theory]
    [MemberData(nameof(EventTypes))]
    public void Event_SerializesToExactlyItsGoldenText(string clrName)
    {
        var (discriminator, sample) = SampleOf(clrName);

        GoldenFiles.AssertMatches($"History/{discriminator}.json", HistorySerializer.Serialize(sample));
    }

    [Theory]
    [MemberData(nameof(EventTypes))]
    public void GoldenText_ReadsBackAsTheSample(string clrName)
    {
        var (discriminator, sample) = SampleOf(clrName);

        var read = HistorySerializer.Deserialize(GoldenFiles.Read($"History/{discriminator}.json"));

        DeepEquality.AssertSame(sample, read, $"Golden/History/{discriminator}.json");
        Assert.Equal(sample, read);
    }

    [Fact]
    public void EverySample_SetsEveryProperty_ToANonDefaultValue()
    {
        var unset = GoldenSamples.HistoryEvents.Values
            .SelectMany(e => PublicProperties(e.GetType()).Where(p => IsDefault(p.GetValue(e), p.PropertyType)).Select(p => $"{e.GetType().Name}.{p.Name}"))
            .ToList();

        Assert.True(unset.Count == 0, $"sample properties left at their default: {string.Join(", ", unset)}");
    }

    [Fact]
    public void GoldenHistoryFolder_HoldsExactlyOneFilePerEventType()
    {
        GoldenFiles.AssertFolderHolds("History", AllEventTypes().Select(Discriminator), "history event type");
    }

    internal static IEnumerable<PropertyInfo> PublicProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0);

    internal static bool IsDefault(object? value, Type type) =>
        value is null || (type.IsValueType && Nullable.GetUnderlyingType(type) is null && value.Equals(Activator.CreateInstance(type)));

    private static (string Discriminator, HistoryEvent Sample) SampleOf(string clrName)
    {
        var type = AllEventTypes().Single(t => t.Name == clrName);
        Assert.True(GoldenSamples.HistoryEvents.TryGetValue(type, out var sample), $"No sample of {clrName} in {nameof(GoldenSamples)}.{nameof(GoldenSamples.HistoryEvents)}.");
        return (Discriminator(type), sample);
    }

    private static IEnumerable<Type> AllEventTypes() =>
        typeof(HistoryEvent).Assembly.GetTypes().Where(t => t is { IsAbstract: false } && t.IsSubclassOf(typeof(HistoryEvent))).OrderBy(t => t.Name, StringComparer.Ordinal);

    private static string Discriminator(Type type) =>
        typeof(HistoryEvent).GetCustomAttributes<JsonDerivedTypeAttribute>().SingleOrDefault(a => a.DerivedType == type)?.TypeDiscriminator as string
        ?? throw new InvalidOperationException($"{type.Name} is not listed in HistoryEvent's [JsonDerivedType] attributes.");
}
