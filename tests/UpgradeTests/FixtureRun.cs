using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Metadata;
using OrleansWorkflows.History;
using OrleansWorkflows.Runtime;

namespace OrleansWorkflows.UpgradeTests;

/// <summary>
/// Drives one fixture on a running silo and checks it against its manifest: the stored reminder rows are readable and
/// name grain types today's code has; the manifest's actions are applied (events, resume, rewind); every instance that
/// was in flight finishes with its exact status, output and custom status (timers and killed activities through the
/// stored wake-ups only: nothing pokes them); finished instances keep their status, output and history; purged ones are
/// absent; every entity ends unlocked, with nothing queued, holding its exact state.
/// </summary>
internal sealed class FixtureRun(IServiceProvider services, FixtureManifest manifest, StoredReminderProbe probe)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(45);
    private readonly WorkflowClient _client = services.GetRequiredService<WorkflowClient>();

    public async Task VerifyAsync()
    {
        CheckStoredReminders();
        foreach (var instance in manifest.Instances)
        {
            foreach (var action in instance.Actions)
            {
                await ApplyAsync(instance.Id, action);
            }
        }

        await Task.WhenAll(manifest.Instances.Select(CheckInstanceAsync));
        await Task.WhenAll(manifest.Entities.Select(CheckEntityAsync));
    }

    private void CheckStoredReminders()
    {
        Assert.True(probe.Done, "the stored reminder rows were not read as the silo started");
        var classes = services.GetRequiredService<GrainClassMap>();
        foreach (var row in manifest.Reminders)
        {
            var read = probe.Read[row];
            Assert.True(read is not null, $"stored reminder row {row.GrainId} '{row.Name}' is not found by today's reminder table");
            Assert.Equal(row.GrainId, read.GrainId.ToString());

            // The row's grain type must still name a grain class (a renamed class orphans stored timers), one that can
            // receive the reminder (else every tick of the stored row fails).
            var type = GrainId.Parse(row.GrainId).Type;
            Assert.True(classes.TryGetGrainClass(type, out var grainClass), $"stored reminder row {row.GrainId} '{row.Name}' names grain type '{type}', which no grain class of today's code has");
            Assert.True(typeof(IRemindable).IsAssignableFrom(grainClass), $"stored reminder row {row.GrainId} '{row.Name}': today's grain class {grainClass} of type '{type}' does not receive reminders");
        }
    }

    private Task ApplyAsync(string instanceId, FixtureAction action) => action.Kind switch
    {
        FixtureActionKind.RaiseEvent => _client.RaiseEventJsonAsync(instanceId, action.EventName!, action.Payload?.ToJsonString()),
        FixtureActionKind.Resume => _client.ResumeAsync(instanceId, "upgrade test"),
        FixtureActionKind.Rewind => _client.RewindAsync(instanceId, "upgrade test"),
        _ => throw new InvalidDataException($"Unknown action {action.Kind} for {instanceId}."),
    };

    private async Task CheckInstanceAsync(FixtureInstance instance)
    {
        var expect = instance.Expect;
        if (expect.Status == "Absent")
        {
            Assert.Null(await _client.GetStatusAsync(instance.Id));
            var missing = await Assert.ThrowsAsync<WorkflowClientException>(() => _client.GetHistoryAsync(instance.Id));
            Assert.Equal(OperationOutcome.NotFound, missing.Outcome);
            return;
        }

        var status = await _client.WaitForCompletionAsync(instance.Id, Timeout);
        Assert.True(status is { IsCompleted: true }, $"{instance.Id} ({instance.Case}) did not finish within {Timeout.TotalSeconds} s: {status?.RuntimeStatus.ToString() ?? "missing"}");
        Assert.NotNull(status);
        Assert.True(expect.Status == status.RuntimeStatus.ToString(), $"{instance.Id} ({instance.Case}): {status.RuntimeStatus}, expected {expect.Status}; output {status.SerializedOutput}");
        AssertJson(expect.Output, status.SerializedOutput, $"{instance.Id} output");
        AssertJson(expect.CustomStatus, status.SerializedCustomStatus, $"{instance.Id} custom status");
        if (expect.History is { } history)
        {
            var stored = JsonNode.Parse((await _client.GetHistoryAsync(instance.Id, 0, 10_000)).SerializedEvents)!.AsArray();
            Assert.True(history.Count == stored.Count, $"{instance.Id}: {stored.Count} history events, {history.Count} stored in the fixture");
            for (var i = 0; i < history.Count; i++)
            {
                AssertContains(history[i]!, stored[i], $"{instance.Id} history[{i}]");

                // Read by today's history types and written again: a renamed or dropped property loses its value.
                var reread = JsonNode.Parse(HistorySerializer.Serialize(HistorySerializer.Deserialize(stored[i]!.ToJsonString())));
                AssertContains(history[i]!, reread, $"{instance.Id} history[{i}] read and written by today's code");
            }
        }
    }

    private async Task CheckEntityAsync(FixtureEntity entity)
    {
        var id = new EntityId(entity.Name, entity.Key);
        EntityMetadata? metadata = null;
        await Eventually.UntilAsync(
            async () => (metadata = await _client.GetEntityAsync(id)) is { LockedBy: null, BacklogQueueSize: 0 },
            Timeout,
            $"entity {id} is unlocked with nothing queued (last seen: locked by {metadata?.LockedBy}, {metadata?.BacklogQueueSize} queued)");
        AssertJson(entity.State, metadata!.SerializedState, $"entity {id} ({entity.Case}) state");
    }

    private static void AssertJson(JsonNode? expected, string? actualJson, string what)
    {
        var actual = actualJson is null ? null : JsonNode.Parse(actualJson);
        Assert.True(JsonNode.DeepEquals(expected, actual), $"{what}: {actual?.ToJsonString() ?? "null"}, expected {expected?.ToJsonString() ?? "null"}");
    }

    /// <summary>Every property of <paramref name="expected"/> is in <paramref name="actual"/> with the same value (newer code may add properties).</summary>
    private static void AssertContains(JsonNode expected, JsonNode? actual, string what)
    {
        if (expected is JsonObject expectedObject)
        {
            var actualObject = Assert.IsType<JsonObject>(actual);
            foreach (var (name, value) in expectedObject)
            {
                Assert.True(actualObject.TryGetPropertyValue(name, out var actualValue), $"{what}: property '{name}' is gone: {actualObject.ToJsonString()}, stored {expected.ToJsonString()}");
                if (value is null)
                {
                    Assert.True(actualValue is null, $"{what}.{name}: {actualValue?.ToJsonString()}, stored null");
                }
                else
                {
                    AssertContains(value, actualValue, $"{what}.{name}");
                }
            }
        }
        else
        {
            Assert.True(JsonNode.DeepEquals(expected, actual), $"{what}: {actual?.ToJsonString() ?? "null"}, stored {expected.ToJsonString()}");
        }
    }
}
