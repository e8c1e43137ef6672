using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using OrleansWorkflows.ClusterTests.Fixture;
using OrleansWorkflows.Entities;
using OrleansWorkflows.Hosting;
using OrleansWorkflows.Runtime;
using OrleansWorkflows.Samples;
using Xunit;
using Xunit.Abstractions;

namespace OrleansWorkflows.ClusterTests.Storage;

/// <summary>
/// An entity signalled by many orchestrations that finished keeps a bounded bookkeeping (issue 12 item 6): each finished
/// sender's watermark is retired by its last message and forgotten after the retired window, so the engine state an
/// entity commit writes does not grow with the number of past senders; a late re-delivery of a retired sender's message
/// is still dropped. Own one-silo cluster with a measuring store and a clock the test moves forward.
/// </summary>
[Collection(EpisodeWriteSizeCollection.Name)]
public sealed class BookkeepingBoundTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Senders = 300;
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly SharedInMemoryCluster _shared = new();
    private readonly ShiftedClock _clock = new();
    private MeasuringWorkflowStore? _store;
    private InProcessTestCluster? _cluster;

    public async Task InitializeAsync()
    {
        _store = new MeasuringWorkflowStore(_shared.Store);
        _cluster = await MeasuredCluster.StartAsync(
            _shared, _store, Configure, services => services.AddKeyedSingleton<TimeProvider>(WorkflowHostingExtensions.ClockKey, _clock));
    }

    public Task DisposeAsync() => MeasuredCluster.StopAsync(_cluster);

    [Fact]
    public async Task EntitySignalledByManyFinishedSenders_KeepsBoundedBookkeeping_AndStillDropsALateRedelivery()
    {
        var client = new WorkflowClient(_cluster!.Client);
        var counter = new EntityId("Counter", "hot-" + Guid.NewGuid().ToString("N"));
        var ids = new List<string>();
        for (var i = 0; i < Senders; i++)
        {
            ids.Add(await client.StartAsync("SignalCounterOnce", counter.Key));
        }

        await Eventually.UntilAsync(async () => await ValueAsync(client, counter) == Senders, TimeSpan.FromSeconds(60), $"{Senders} signals applied");
        foreach (var id in ids)
        {
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            Assert.Equal(OrchestrationRuntimeStatus.Completed, (await client.WaitForCompletionAsync(id, wait.Token)).RuntimeStatus);
        }

        // Every sender finished: its watermark is retired (still known, for late re-deliveries), none stays live.
        EntityEngineState state = new();
        var settled = await Settles(async () => (state = await StoredStateAsync(counter)).Retired?.Count == Senders);
        output.WriteLine($"after {Senders} finished senders: {state.Applied.Count} live, {state.Retired?.Count ?? 0} retired watermarks");
        Assert.True(settled, $"expected {Senders} retired and no live watermarks; found {state.Applied.Count} live, {state.Retired?.Count ?? 0} retired");
        Assert.Empty(state.Applied);

        // A re-delivery of an already-applied signal after its sender was retired is dropped.
        var sender = ids[0];
        var signalSequence = state.Retired![sender].Sequence - 1; // its signal, then its finish, from one counter
        await _cluster.Client.GetGrain<IEntityGrain>(counter.ToString()).DeliverAsync(new WorkflowMessage
        {
            Kind = WorkflowMessageKind.EntitySignal, Name = "add", Payload = "1", Sender = sender, Sequence = signalSequence,
        });
        await client.SignalEntityAsync(counter, "add", 1000);
        await Eventually.UntilAsync(async () => await ValueAsync(client, counter) >= Senders + 1000, TimeSpan.FromSeconds(30), "the client signal applied");
        Assert.Equal(Senders + 1000, await ValueAsync(client, counter));

        // Past the retired window the finished senders are forgotten: a commit writes a small engine state.
        _clock.Offset = Window + TimeSpan.FromSeconds(1);
        var before = _store!.EpisodeBytes(counter.ToString()).Count;
        await client.SignalEntityAsync(counter, "add", 1);
        await Eventually.UntilAsync(async () => await ValueAsync(client, counter) == Senders + 1001, TimeSpan.FromSeconds(30), "the last signal applied");
        state = await StoredStateAsync(counter);
        var stored = (await _shared.Store.LoadAsync(counter.ToString()))!.Record.EngineState!;
        var commits = _store.EpisodeBytes(counter.ToString());
        output.WriteLine($"after the window: {state.Applied.Count} live, {state.Retired?.Count ?? 0} retired; engine state {stored.Length} chars; " +
            $"commit bytes: largest {commits.Max()}, last {commits[^1]} ({commits.Count - before} commits after the window)");
        Assert.Empty(state.Applied);
        Assert.Null(state.Retired);
        Assert.True(stored.Length < 300, $"engine state of {stored.Length} chars: {stored}");
        Assert.True(commits[^1] < 600, $"the last entity commit wrote {commits[^1]} bytes");
    }

    [Fact]
    public async Task TerminatedAndContinuedAsNewSenders_AreRetiredToo_AndEveryExecutionsSignalAppliesOnce()
    {
        var client = new WorkflowClient(_cluster!.Client);
        var counter = new EntityId("Counter", "ends-" + Guid.NewGuid().ToString("N"));
        var waiting = await client.StartAsync("SignalCounterThenWait", counter.Key);
        var continuing = await client.StartAsync("SignalCounterAndContinue", new ContinueInput(counter.Key, 3));
        await Eventually.UntilAsync(async () => await ValueAsync(client, counter) == 5, TimeSpan.FromSeconds(30), "five signals applied");
        await client.TerminateAsync(waiting, "done");
        using (var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            Assert.Equal(OrchestrationRuntimeStatus.Completed, (await client.WaitForCompletionAsync(continuing, wait.Token)).RuntimeStatus);
        }

        EntityEngineState state = new();
        var settled = await Settles(async () => (state = await StoredStateAsync(counter)).Retired?.Count == 2 && state.Applied.Count == 0);
        output.WriteLine($"{state.Applied.Count} live, {state.Retired?.Count ?? 0} retired: {string.Join(", ", state.Retired?.Keys.ToArray() ?? [])}");
        Assert.True(settled, $"expected both senders retired; found {state.Applied.Count} live, {state.Retired?.Count ?? 0} retired");
        Assert.Equal(new[] { continuing, waiting }.Order(StringComparer.Ordinal), state.Retired!.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(5, await ValueAsync(client, counter));
    }

    private sealed record ContinueInput(string Key, int Left);

    /// <summary>A one-minute retired window; orchestrations that signal a counter once, then finish, wait or continue as new.</summary>
    private static void Configure(WorkflowEngineOptions o)
    {
        o.RequestIdWindow = Window;
        o.Registry.AddSamples().AddOrchestrator("SignalCounterOnce", ctx =>
        {
            ctx.SignalEntity(new EntityId("Counter", ctx.GetInput<string>()!), "add", 1);
            return Task.FromResult<object?>(null);
        }).AddOrchestrator("SignalCounterThenWait", async ctx =>
        {
            ctx.SignalEntity(new EntityId("Counter", ctx.GetInput<string>()!), "add", 1);
            return await ctx.WaitForExternalEvent<string>("never");
        }).AddOrchestrator("SignalCounterAndContinue", ctx =>
        {
            var input = ctx.GetInput<ContinueInput>()!;
            ctx.SignalEntity(new EntityId("Counter", input.Key), "add", 1);
            if (input.Left > 0)
            {
                ctx.ContinueAsNew(input with { Left = input.Left - 1 });
            }

            return Task.FromResult<object?>(null);
        });
    }

    private static async Task<int> ValueAsync(WorkflowClient client, EntityId counter) =>
        (await client.GetEntityAsync(counter))?.ReadStateAs<int>() ?? 0;

    private async Task<EntityEngineState> StoredStateAsync(EntityId counter) =>
        EntityEngineState.Parse((await _shared.Store.LoadAsync(counter.ToString()))?.Record.EngineState);

    /// <summary>Polls until the condition holds; false (instead of an exception) after 30 s, so the test reports what it saw.</summary>
    private static async Task<bool> Settles(Func<Task<bool>> condition)
    {
        try
        {
            await Eventually.UntilAsync(condition, TimeSpan.FromSeconds(30), "the bookkeeping settles");
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>The system clock moved forward by <see cref="Offset"/> (the engine's clock only; Orleans keeps real time).</summary>
    private sealed class ShiftedClock : TimeProvider
    {
        public TimeSpan Offset { get; set; }

        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;
    }
}
