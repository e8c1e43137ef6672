using System.Text.Json;
using OrleansWorkflows.Engine;
using OrleansWorkflows.Entities;
using OrleansWorkflows.Runtime;
using Xunit;

namespace OrleansWorkflows.UnitTests.Contracts;

/// <summary>
/// The stored engine JSON (engine state, entity engine state, inbox and outbox messages) carries a format version
/// <c>"v"</c>. Text without it (written before versions existed, kept in <c>Golden/v0</c> exactly as main wrote it)
/// reads as version 0, the same shape; a version newer than this code knows fails with an error naming it.
/// </summary>
public sealed class FormatVersionTests
{
    public static TheoryData<WorkflowMessageKind> LegacyKinds() =>
        [.. GoldenFiles.NamesIn("v0/Messages").Select(Enum.Parse<WorkflowMessageKind>)];

    [Theory]
    [MemberData(nameof(LegacyKinds))]
    public void MessageWrittenBeforeVersions_ReadsAsTheSample(WorkflowMessageKind kind)
    {
        var read = JsonSerializer.Deserialize<WorkflowMessage>(GoldenFiles.Read($"v0/Messages/{kind}.json"), WorkflowJson.Options);

        DeepEquality.AssertSame(GoldenSamples.LegacyMessages[kind], read, $"Golden/v0/Messages/{kind}.json");
        // The engine reads a Terminate's or Rewind's reason where the message's writer put it.
        Assert.True(kind is not (WorkflowMessageKind.Terminate or WorkflowMessageKind.Rewind) || WorkflowMessages.ReasonOf(read!) is not null);
        Assert.Equal(WorkflowMessages.ReasonOf(GoldenSamples.Messages[kind]), WorkflowMessages.ReasonOf(read!));
    }

    [Fact]
    public void StatesWrittenBeforeVersions_ReadAsTheSamples()
    {
        DeepEquality.AssertSame(GoldenSamples.EngineStateOfV0(), EngineState.Parse(GoldenFiles.Read("v0/State/engine-state.json")), "Golden/v0/State/engine-state.json");
        DeepEquality.AssertSame(GoldenSamples.EntityEngineState(), EntityEngineState.Parse(GoldenFiles.Read("v0/State/entity-engine-state.json")), "Golden/v0/State/entity-engine-state.json");
    }

    [Fact]
    public void EveryNewWrite_StartsWithFormatVersion1()
    {
        Assert.StartsWith("""{"v":1,""", GoldenSamples.EngineState().ToJson(), StringComparison.Ordinal);
        Assert.StartsWith("""{"v":1,""", GoldenSamples.EntityEngineState().ToJson(), StringComparison.Ordinal);
        Assert.StartsWith("""{"v":1,""", JsonSerializer.Serialize(new WorkflowMessage { Kind = WorkflowMessageKind.SenderFinished }, WorkflowJson.Options), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"v":2,"kind":0,"taskId":3}""")]
    [InlineData("""{"kind":0,"taskId":3,"v":2}""")]
    public void MessageOfANewerFormat_FailsNamingTheVersion(string json)
    {
        var error = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<WorkflowMessage>(json, WorkflowJson.Options));

        AssertNamesNewerVersion(error, "message");
    }

    [Fact]
    public void EngineStateOfANewerFormat_FailsNamingTheVersion()
    {
        var error = Assert.Throws<JsonException>(() => EngineState.Parse("""{"v":2,"parentTaskId":6,"applied":{"a":1}}"""));

        AssertNamesNewerVersion(error, "engine state");
    }

    [Fact]
    public void EntityEngineStateOfANewerFormat_FailsNamingTheVersion()
    {
        var error = Assert.Throws<JsonException>(() => EntityEngineState.Parse("""{"lockOwner":"o","v":7}"""));

        AssertNamesNewerVersion(error, "entity engine state", version: 7);
    }

    private static void AssertNamesNewerVersion(JsonException error, string what, int version = 2)
    {
        Assert.Contains($"{what} has format version {version}", error.Message, StringComparison.Ordinal);
        Assert.Contains("reads format versions up to 1", error.Message, StringComparison.Ordinal);
        Assert.Contains("newer version of OrleansWorkflows", error.Message, StringComparison.Ordinal);
    }
}
