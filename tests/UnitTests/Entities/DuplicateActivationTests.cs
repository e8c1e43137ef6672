using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansWorkflows.Engine;
using OrleansWorkflows.Entities;
using OrleansWorkflows.Hosting;
using OrleansWorkflows.Runtime;
using OrleansWorkflows.Storage;
using OrleansWorkflows.Testing;
using Xunit;

namespace OrleansWorkflows.UnitTests.Entities;

/// <summary>
/// Two activations of one entity at once, as Orleans' grain directory allows for a moment while a silo dies: both
/// acknowledge signals, the one whose commit loses gives up, and what it appended stays in the store. The one that goes
/// on must not keep those signals from running: on the recovery sweep's poke (the store keeps the entity due), or when a
/// client's retry is refused as a repeat, it takes in the entries it never received and applies them once; an activation
/// whose version is behind the store's gives up instead, and the next one goes on (session 14: clean-clone CI runs lost
/// 1-4 of 10,000 signals this way when the oldest silo of an Azure Storage cluster was killed).
/// </summary>
public sealed class DuplicateActivationTests
{
    private const string Key = "@shapes@k";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly InMemoryWorkflowStore _store = new();
    private readonly WorkflowRegistry _registry = new WorkflowRegistry().AddEntity<Shapes>();

    [Fact]
    public async Task TheSurvivorOfTwoActivations_TakesInWhatTheLoserAcknowledged_WhenPoked()
    {
        var (survivor, survivorHost, loserHost) = await TwoActivationsWhereTheLoserAcknowledgedCAsync(retryC: false);

        await survivor.WakeAsync(); // the sweep's poke: the store keeps the entity due
        await StateIsAsync("""["a","b","c"]""");
        Assert.Equal(0, survivorHost.Deactivations);
        Assert.Equal(1, loserHost.Deactivations);
        await SignalAsync(survivor, "d");
        await StateIsAsync("""["a","b","c","d"]""");
        await survivor.WakeAsync();
        Assert.Null((await _store.GetRecordAsync(Key))!.WakeAt);
    }

    [Fact]
    public async Task TheSurvivorOfTwoActivations_TakesInWhatTheLoserAcknowledged_WhenTheClientsRetryIsRefusedAsARepeat()
    {
        var (_, survivorHost, _) = await TwoActivationsWhereTheLoserAcknowledgedCAsync(retryC: true); // no poke

        await StateIsAsync("""["a","b","c"]""");
        Assert.Equal(0, survivorHost.Deactivations);
    }

    [Fact]
    public async Task AnActivationBehindTheStoresVersion_GivesUpWhenPoked_AndTheNextOneGoesOn()
    {
        var staleHost = new TestHost();
        var stale = await ActivateAsync(staleHost);
        await SignalAsync(stale, "a");
        await StateIsAsync("""["a"]""");
        var other = await ActivateAsync(new TestHost());
        await SignalAsync(other, "b"); // commits: the stale one's version is behind now
        await StateIsAsync("""["a","b"]""");

        await stale.WakeAsync();
        Assert.Equal(1, staleHost.Deactivations);
        await Assert.ThrowsAsync<InstanceReloadingException>(() => stale.SignalAsync("append", "\"x\"", "x"));

        var next = await ActivateAsync(new TestHost());
        await SignalAsync(next, "c");
        await StateIsAsync("""["a","b","c"]""");
    }

    /// <summary>
    /// Two activations: the survivor commits a and b; the loser, loaded before b, acknowledges c (durably appended) and
    /// gives up when its commit conflicts. Optionally the client then repeats c (same request id) to the survivor.
    /// </summary>
    private async Task<(EntityInstance Survivor, TestHost SurvivorHost, TestHost LoserHost)> TwoActivationsWhereTheLoserAcknowledgedCAsync(bool retryC)
    {
        var survivorHost = new TestHost();
        var survivor = await ActivateAsync(survivorHost);
        await SignalAsync(survivor, "a");
        await StateIsAsync("""["a"]""");

        var loserHost = new TestHost();
        var loser = await ActivateAsync(loserHost); // the duplicate: loads version and state as they are now
        await SignalAsync(survivor, "b");
        await StateIsAsync("""["a","b"]""");
        await survivor.WakeAsync();
        Assert.Equal(0, survivorHost.Deactivations); // a poke of an activation that holds everything the store holds changes nothing

        await SignalAsync(loser, "c"); // acknowledged: durably in the inbox; its batch's commit then conflicts
        await Eventually.UntilAsync(() => loserHost.Deactivations == 1, Timeout, "the loser giving up after its commit conflict");
        Assert.Equal("""["a","b"]""", await StateAsync());
        Assert.Equal(InstanceRecord.DueAtOnce, (await _store.GetRecordAsync(Key))!.WakeAt);
        if (retryC)
        {
            await SignalAsync(survivor, "c"); // refused by the store as a repeat, acknowledged
        }

        return (survivor, survivorHost, loserHost);
    }

    [Fact]
    public async Task APokeDuringAnAppendOfItsOwn_DoesNotGiveUpTheActivation()
    {
        var store = new GatedAppends(_store);
        var host = new TestHost();
        var entity = await ActivateAsync(host, store);
        await SignalAsync(entity, "a");
        await StateIsAsync("""["a"]""");

        store.Hold();
        var appending = entity.SignalAsync("append", "\"b\"", "b"); // stored, its answer held back
        await Eventually.UntilAsync(() => store.Held, Timeout, "the append stored and its answer held");
        await entity.WakeAsync();
        store.Release();
        Assert.Equal(OperationResult.Ok, await appending);

        await StateIsAsync("""["a","b"]""");
        Assert.Equal(0, host.Deactivations);
    }

    private async Task<EntityInstance> ActivateAsync(TestHost host, IWorkflowStore? store = null)
    {
        var entity = new EntityInstance(host, store ?? _store, _registry, new WorkflowEngineOptions(), TimeProvider.System, NullLogger.Instance);
        await entity.ActivateAsync(CancellationToken.None);
        return entity;
    }

    private static async Task SignalAsync(EntityInstance entity, string item) =>
        Assert.Equal(OperationResult.Ok, await entity.SignalAsync("append", $"\"{item}\"", item));

    private async Task<string?> StateAsync() => (await _store.GetRecordAsync(Key))?.Input;

    private Task StateIsAsync(string expected) =>
        Eventually.UntilAsync(async () => await StateAsync() == expected, Timeout, $"the entity's state {expected}");

    private sealed class TestHost : IWorkflowGrainHost
    {
        public string InstanceId => Key;

        public IGrainFactory GrainFactory { get; } = DispatchProxy.Create<IGrainFactory, OrleansWorkflows.UnitTests.Engine.OrchestrationInstanceTests.NoGrains>();

        public IServiceProvider Services { get; } = new ServiceCollection().BuildServiceProvider();

        public int Deactivations { get; private set; }

        public void DeactivateOnIdle() => Deactivations++;
    }

    /// <summary>The store, holding back the answer of inbox appends (after they are stored) while <see cref="Hold"/> is on.</summary>
    private sealed class GatedAppends(IWorkflowStore inner) : ForwardingWorkflowStore(inner)
    {
        private TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private volatile bool _holding;

        public bool Held { get; private set; }

        public void Hold() => _holding = true;

        public void Release()
        {
            _holding = false;
            _gate.TrySetResult();
        }

        public override async Task<InboxAppend> AppendRequestAsync(string instanceId, string messageJson, string requestId, DateTime receivedAt, CancellationToken cancellationToken = default)
        {
            var appended = await base.AppendRequestAsync(instanceId, messageJson, requestId, receivedAt, cancellationToken);
            if (_holding)
            {
                Held = true;
                await _gate.Task;
            }

            return appended;
        }
    }
}
