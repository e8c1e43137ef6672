using OrleansWorkflows.Engine;
using OrleansWorkflows.Entities;
using Xunit;

namespace OrleansWorkflows.UnitTests.Contracts;

/// <summary>
/// The engine state of an orchestration and of an entity (each holding the message bookkeeping), fully populated, pinned
/// by <c>Golden/State/*.json</c> and read back with the engine's own <c>Parse</c>.
/// </summary>
public sealed class StateGoldenTests
{
    [Fact]
    public void EngineState_SerializesToExactlyItsGoldenText() =>
        GoldenFiles.AssertMatches("State/engine-state.json", GoldenSamples.EngineState().ToJson());

    [Fact]
    public void EntityEngineState_SerializesToExactlyItsGoldenText() =>
        GoldenFiles.AssertMatches("State/entity-engine-state.json", GoldenSamples.EntityEngineState().ToJson());

    [Fact]
    public void EngineStateGoldenText_ReadsBackAsTheSample() =>
        DeepEquality.AssertSame(GoldenSamples.EngineState(), EngineState.Parse(GoldenFiles.Read("State/engine-state.json")), "Golden/State/engine-state.json");

    [Fact]
    public void EntityEngineStateGoldenText_ReadsBackAsTheSample() =>
        DeepEquality.AssertSame(GoldenSamples.EntityEngineState(), EntityEngineState.Parse(GoldenFiles.Read("State/entity-engine-state.json")), "Golden/State/entity-engine-state.json");

    [Fact]
    public void Samples_SetEveryStoredProperty()
    {
        var unset = Unset(GoldenSamples.EngineState())
            .Concat(Unset(GoldenSamples.EntityEngineState()).Where(p => p != "EntityEngineState.Sent")) // an entity keeps no receiver list
            .ToList();

        Assert.True(unset.Count == 0, $"state properties left empty or default: {string.Join(", ", unset)}");
    }

    [Fact]
    public void GoldenStateFolder_HoldsTheTwoStates()
    {
        GoldenFiles.AssertFolderHolds("State", ["engine-state", "entity-engine-state"], "engine state");
    }

    private static IEnumerable<string> Unset(object state) =>
        HistoryGoldenTests.PublicProperties(state.GetType())
            .Where(p => p.GetValue(state) is System.Collections.ICollection { Count: 0 } || HistoryGoldenTests.IsDefault(p.GetValue(state), p.PropertyType))
            .Select(p => $"{state.GetType().Name}.{p.Name}");
}
