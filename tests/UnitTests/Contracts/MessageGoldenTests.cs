using System.Text.Json;
using OrleansWorkflows.Runtime;
using Xunit;

namespace OrleansWorkflows.UnitTests.Contracts;

/// <summary>
/// Every <see cref="WorkflowMessageKind"/> has a sample as an inbox or outbox row holds it and a golden file
/// <c>Golden/Messages/{Kind}.json</c>, serialized and read with the options the engine stores messages with.
/// </summary>
public sealed class MessageGoldenTests
{
    public static TheoryData<WorkflowMessageKind> Kinds() => [.. Enum.GetValues<WorkflowMessageKind>()];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Message_SerializesToExactlyItsGoldenText(WorkflowMessageKind kind)
    {
        GoldenFiles.AssertMatches($"Messages/{kind}.json", JsonSerializer.Serialize(SampleOf(kind), WorkflowJson.Options));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void GoldenText_ReadsBackAsTheSample(WorkflowMessageKind kind)
    {
        var sample = SampleOf(kind);

        var read = JsonSerializer.Deserialize<WorkflowMessage>(GoldenFiles.Read($"Messages/{kind}.json"), WorkflowJson.Options);

        DeepEquality.AssertSame(sample, read, $"Golden/Messages/{kind}.json");
        Assert.Equal(sample, read);
    }

    [Fact]
    public void Samples_SetEveryMessageProperty_InSomeKind()
    {
        var unset = HistoryGoldenTests.PublicProperties(typeof(WorkflowMessage))
            .Where(p => GoldenSamples.Messages.Values.All(m => HistoryGoldenTests.IsDefault(p.GetValue(m), p.PropertyType)))
            .Select(p => p.Name).ToList();

        Assert.True(unset.Count == 0, $"message properties no sample sets: {string.Join(", ", unset)}");
    }

    [Fact]
    public void GoldenMessagesFolder_HoldsExactlyOneFilePerKind()
    {
        GoldenFiles.AssertFolderHolds("Messages", Enum.GetNames<WorkflowMessageKind>(), "message kind");
    }

    private static WorkflowMessage SampleOf(WorkflowMessageKind kind)
    {
        Assert.True(GoldenSamples.Messages.TryGetValue(kind, out var sample), $"No sample of message kind {kind} in {nameof(GoldenSamples)}.{nameof(GoldenSamples.Messages)}.");
        return sample;
    }
}
