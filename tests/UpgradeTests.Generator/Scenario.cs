using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;

namespace OrleansWorkflows.UpgradeTests.Generator;

/// <summary>
/// Puts the fixture's instances and entities into the state the manifest describes, waiting on each condition (status,
/// history, entity metadata) through the client; records what the upgrade test must do and see. The timers come last
/// and are checked not to have fired: the silo is killed right after.
/// </summary>
internal sealed class Scenario(WorkflowClient client, ConcurrentDictionary<string, bool> activitiesStarted)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly List<(FixtureInstance Instance, bool Finished)> _instances = [];
    private readonly List<FixtureEntity> _entities = [];

    public async Task<(IReadOnlyList<FixtureInstance>, IReadOnlyList<FixtureEntity>)> RunAsync()
    {
        await FinishedAsync();
        await EntitiesAsync();
        await WaitingOnEventsAsync();
        await ContinuedAsNewAsync();
        await RewindableAsync();
        await InFlightActivityAsync();
        await LargePayloadAsync();
        await TimersAsync();
        return (await RecordStoredStatusAsync(), _entities);
    }

    private async Task FinishedAsync()
    {
        await client.StartAsync(nameof(Fixture1Hello), "fixture", "completed-1");
        await client.WaitForCompletionAsync("completed-1");
        await client.StartAsync(nameof(Fixture1Fails), "failed-1", "failed-1");
        await client.WaitForCompletionAsync("failed-1");
        await client.StartAsync(nameof(Fixture1WaitEvent), "terminated", "terminated-1");
        await UntilStartedAsync("terminated-1");
        await client.TerminateAsync("terminated-1", "fixture: terminated while waiting");
        await client.WaitForCompletionAsync("terminated-1");
        foreach (var (id, name, what) in new[]
        {
            ("completed-1", nameof(Fixture1Hello), "completed"),
            ("failed-1", nameof(Fixture1Fails), "failed (its activity always fails); stays failed"),
            ("terminated-1", nameof(Fixture1WaitEvent), "terminated while waiting on an event"),
        })
        {
            await AddFinishedAsync(id, name, what);
        }

        await client.StartAsync(nameof(Fixture1Hello), "purged", "purged-1");
        await client.WaitForCompletionAsync("purged-1");
        await client.PurgeInstanceAsync("purged-1");
        await Eventually.UntilAsync(async () => await client.GetStatusAsync("purged-1") is null, Timeout, "purged-1 is purged");
        Add("purged-1", nameof(Fixture1Hello), "completed, then purged", [], new ExpectedInstance("Absent"));
    }

    private async Task EntitiesAsync()
    {
        var plain = new EntityId(nameof(Fixture1Tally), "plain");
        await client.SignalEntityAsync(plain, nameof(Fixture1Tally.Add), 40);
        await client.SignalEntityAsync(plain, nameof(Fixture1Tally.Add), 2);
        await Eventually.UntilAsync(async () => await client.GetEntityStateAsync<int>(plain) == 42, Timeout, "the tally holds 42");
        _entities.Add(new FixtureEntity(plain.Name, plain.Key, "state written by two signals", JsonValue.Create(42)));

        // A critical section holding two locks, waiting on an event; signals queue behind the locks.
        var a = new EntityId(nameof(Fixture1Journal), "journal-a");
        var b = new EntityId(nameof(Fixture1Journal), "journal-b");
        await client.SignalEntityAsync(a, nameof(Fixture1Journal.Append), "a0");
        await client.SignalEntityAsync(b, nameof(Fixture1Journal.Append), "b0");
        await Eventually.UntilAsync(async () => await client.GetEntityAsync(a) is not null && await client.GetEntityAsync(b) is not null, Timeout, "journals exist");
        await client.StartAsync(nameof(Fixture1Locker), "journal", "locker-1");
        await Eventually.UntilAsync(
            async () => await HistoryHasAsync("locker-1", "EntityOperationCompleted")
                && (await client.GetEntityAsync(a))?.LockedBy == "locker-1" && (await client.GetEntityAsync(b))?.LockedBy == "locker-1",
            Timeout,
            "locker-1 holds both locks and got its first call's answer");
        await client.SignalEntityAsync(a, nameof(Fixture1Journal.Append), "s1");
        await client.SignalEntityAsync(b, nameof(Fixture1Journal.Append), "s2");
        await client.SignalEntityAsync(a, nameof(Fixture1Journal.Append), "s3");
        await Eventually.UntilAsync(
            async () => (await client.GetEntityAsync(a))?.BacklogQueueSize == 2 && (await client.GetEntityAsync(b))?.BacklogQueueSize == 1,
            Timeout,
            "three signals wait behind the locks");
        Add("locker-1", nameof(Fixture1Locker), "in a critical section holding two entity locks, waiting on an event",
            [RaiseEvent("Release", "go")], new ExpectedInstance("Completed", JsonValue.Create("a=2,b=2")));
        _entities.Add(new FixtureEntity(a.Name, a.Key, "locked by locker-1 (one call made), two signals queued behind the lock", Strings("a0", "locked", "s1", "s3")));
        _entities.Add(new FixtureEntity(b.Name, b.Key, "locked by locker-1 (no call yet), one signal queued behind the lock", Strings("b0", "released:go", "s2")));
    }

    private async Task WaitingOnEventsAsync()
    {
        await client.StartAsync(nameof(Fixture1WaitEvent), "event", "event-1");
        await UntilStartedAsync("event-1");
        Add("event-1", nameof(Fixture1WaitEvent), "waiting on an external event",
            [RaiseEvent("Go", "go-event")], new ExpectedInstance("Completed", JsonValue.Create("event:go-event")));

        await client.StartAsync(nameof(Fixture1Parent), "parent", "parent-1");
        await UntilStartedAsync("parent-1-child");
        await Eventually.UntilAsync(() => HistoryHasAsync("parent-1", "SubOrchestrationInstanceCreated"), Timeout, "parent-1 recorded its child");
        Add("parent-1", nameof(Fixture1Parent), "waiting on a sub-orchestration (parent-1-child)",
            [], new ExpectedInstance("Completed", JsonValue.Create("parent(child-of-parent:go-child)")));
        Add("parent-1-child", nameof(Fixture1WaitEvent), "sub-orchestration of parent-1, waiting on an external event",
            [RaiseEvent("Go", "go-child")], new ExpectedInstance("Completed", JsonValue.Create("child-of-parent:go-child")));

        await client.StartAsync(nameof(Fixture1WaitEvent), "suspended", "suspended-1");
        await UntilStartedAsync("suspended-1");
        await client.SuspendAsync("suspended-1", "fixture: suspended");
        await UntilStatusAsync("suspended-1", OrchestrationRuntimeStatus.Suspended);
        await client.RaiseEventAsync("suspended-1", "Go", "sent-while-suspended");
        Add("suspended-1", nameof(Fixture1WaitEvent), "suspended while waiting on an event; the event was raised while suspended (buffered)",
            [new FixtureAction(FixtureActionKind.Resume)], new ExpectedInstance("Completed", JsonValue.Create("suspended:sent-while-suspended")));
    }

    private async Task ContinuedAsNewAsync()
    {
        await client.StartAsync(nameof(Fixture1Generations), new Fixture1Carried(1, ["start"]), "continued-1");
        await Eventually.UntilAsync(
            async () => (await client.GetStatusAsync("continued-1"))?.SerializedCustomStatus == "\"generation 3 waits\"",
            Timeout,
            "continued-1 waits in its third generation");
        Add("continued-1", nameof(Fixture1Generations), "continued as new twice (carrying state), waiting on an event in generation 3",
            [RaiseEvent("Go", "go-continued")],
            new ExpectedInstance("Completed", JsonValue.Create("start|Hello generation 1!|generation 2|go-continued"), JsonValue.Create("generation 3 waits")));
    }

    private async Task RewindableAsync()
    {
        await client.StartAsync(nameof(Fixture1Rewindable), "r1", "rewind-1");
        await UntilStatusAsync("rewind-1", OrchestrationRuntimeStatus.Failed);
        Add("rewind-1", nameof(Fixture1Rewindable), "failed (its activity failed while generating); rewound, the activity succeeds",
            [new FixtureAction(FixtureActionKind.Rewind)], new ExpectedInstance("Completed", JsonValue.Create("rewound:recovered:r1")));
    }

    private async Task InFlightActivityAsync()
    {
        await client.StartAsync(nameof(Fixture1CallSlow), "a1", "activity-1");
        await Eventually.UntilAsync(() => activitiesStarted.ContainsKey("activity-1"), Timeout, "activity-1's activity runs");
        Add("activity-1", nameof(Fixture1CallSlow), "waiting on an activity that was running when the silo was killed",
            [], new ExpectedInstance("Completed", JsonValue.Create("done:slow:a1")));
    }

    private async Task LargePayloadAsync()
    {
        // Longer than the Azure store keeps in a row (30,000 characters): there its status row and its first history
        // chunk refer to blobs; on SQLite and PostgreSQL it is a long value. Added with the fixture of a6a8d69.
        var input = string.Concat(Enumerable.Range(0, 5_000).Select(i => i.ToString("D7", CultureInfo.InvariantCulture) + ";"));
        await client.StartAsync(nameof(Fixture1WaitEvent), input, "large-1");
        await UntilStartedAsync("large-1");
        Add("large-1", nameof(Fixture1WaitEvent), "an input of 40,000 characters (Azure: kept in blobs), waiting on an external event",
            [RaiseEvent("Go", "go-large")], new ExpectedInstance("Completed", JsonValue.Create(input + ":go-large")));
    }

    private async Task TimersAsync()
    {
        // 30 s: within the engine's timer precision horizon (1 minute: wake index only); 90 s: beyond it (also a
        // reminder row). The silo is killed within a few seconds, so both are pending in the store and overdue later.
        foreach (var (id, seconds) in new[] { ("timer-near", 30), ("timer-far", 90) })
        {
            await client.StartAsync(nameof(Fixture1Timer), seconds, id);
        }

        foreach (var (id, seconds) in new[] { ("timer-near", 30), ("timer-far", 90) })
        {
            await Eventually.UntilAsync(() => HistoryHasAsync(id, "TimerCreated"), Timeout, $"{id} created its timer");
            Add(id, nameof(Fixture1Timer), $"waiting on a durable timer ({seconds} s) due after the silo was killed",
                [], new ExpectedInstance("Completed", JsonValue.Create($"timer {seconds}s fired")));
        }
    }

    private async Task<IReadOnlyList<FixtureInstance>> RecordStoredStatusAsync()
    {
        var result = new List<FixtureInstance>();
        foreach (var (instance, finished) in _instances)
        {
            var status = await client.GetStatusAsync(instance.Id);
            if (!finished && status?.RuntimeStatus is not (OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Suspended
                or OrchestrationRuntimeStatus.Failed))
            {
                throw new InvalidOperationException($"{instance.Id} is {status?.RuntimeStatus} before the kill: it should be waiting.");
            }

            if (await HistoryHasAsync(instance.Id, "TimerFired"))
            {
                throw new InvalidOperationException($"{instance.Id}'s timer fired before the kill: the fixture would not hold a pending timer.");
            }

            result.Add(instance with { StoredStatus = status?.RuntimeStatus.ToString() ?? "Absent" });
        }

        return result;
    }

    private async Task AddFinishedAsync(string id, string name, string what)
    {
        var status = await client.GetStatusAsync(id) ?? throw new InvalidOperationException($"{id} is missing.");
        var history = JsonNode.Parse((await client.GetHistoryAsync(id, 0, 10_000)).SerializedEvents)!.AsArray();
        var expect = new ExpectedInstance(status.RuntimeStatus.ToString(), Json(status.SerializedOutput), Json(status.SerializedCustomStatus), history);
        _instances.Add((new FixtureInstance(id, name, what, expect.Status, [], expect), true));
    }

    private void Add(string id, string name, string what, IReadOnlyList<FixtureAction> actions, ExpectedInstance expect) =>
        _instances.Add((new FixtureInstance(id, name, what, string.Empty, actions, expect), expect.Status == "Absent"));

    private Task UntilStartedAsync(string id) => Eventually.UntilAsync(
        async () => (await client.GetStatusAsync(id))?.RuntimeStatus == OrchestrationRuntimeStatus.Running && await HistoryHasAsync(id, "ExecutionStarted"),
        Timeout,
        $"{id} runs");

    private Task UntilStatusAsync(string id, OrchestrationRuntimeStatus status) => Eventually.UntilAsync(
        async () => (await client.GetStatusAsync(id))?.RuntimeStatus == status, Timeout, $"{id} is {status}");

    private async Task<bool> HistoryHasAsync(string id, string eventType)
    {
        if (await client.GetStatusAsync(id) is null)
        {
            return false;
        }

        var events = JsonNode.Parse((await client.GetHistoryAsync(id, 0, 10_000)).SerializedEvents)!.AsArray();
        return events.Any(e => (string?)e?["eventType"] == eventType);
    }

    private static FixtureAction RaiseEvent(string name, string payload) => new(FixtureActionKind.RaiseEvent, name, JsonValue.Create(payload));

    private static JsonArray Strings(params string[] entries) => [.. entries.Select(e => (JsonNode?)JsonValue.Create(e))];

    private static JsonNode? Json(string? json) => json is null ? null : JsonNode.Parse(json);
}
