using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansWorkflows.Engine;
using OrleansWorkflows.Runtime;
using OrleansWorkflows.Storage;
using Xunit;

namespace OrleansWorkflows.UnitTests.Engine;

/// <summary>
/// A receiver that refuses a message (a sub-orchestration start, a call to an unknown entity) answers with the
/// acknowledgement instead of calling the sender: the sender's outbox delivery applies the answer to the sender before the
/// entry is removed, and keeps the entry when applying fails (it is sent again and answered again).
/// </summary>
public sealed class OutboxAnswerTests
{
    private static readonly WorkflowMessage Refusal = WorkflowMessages.SubOrchestrationFailed(3, "exec", new("Refused", "no such orchestration"));

    [Fact]
    public async Task AnAnswer_IsAppliedToTheSender_BeforeTheEntryIsRemoved()
    {
        var outbox = new OutboxQueue { [1] = Entry(1, "child"), [2] = Entry(2, "other") };
        var applied = new List<(WorkflowMessage Answer, bool EntryStillQueued)>();
        var delivery = new OutboxDelivery(
            "parent",
            (receiver, _) => Task.FromResult(receiver == "child" ? Refusal : null),
            answer =>
            {
                applied.Add((answer, outbox.TryPeek("child", out var entry) && entry.Id == 1));
                return Task.CompletedTask;
            },
            new InMemoryWorkflowStore(),
            outbox,
            () => false,
            NullLogger.Instance);

        delivery.Resume();
        await WaitUntilAsync(() => outbox.Count == 0);

        var (answer, entryStillQueued) = Assert.Single(applied);
        Assert.Same(Refusal, answer);
        Assert.True(entryStillQueued);
    }

    [Fact]
    public async Task AnAnswerThatCannotBeApplied_KeepsTheEntry_ItIsSentAndAnsweredAgain()
    {
        var outbox = new OutboxQueue { [1] = Entry(1, "child") };
        var sends = 0;
        var applyAttempts = 0;
        var delivery = new OutboxDelivery(
            "parent",
            (_, _) =>
            {
                Interlocked.Increment(ref sends);
                return Task.FromResult<WorkflowMessage?>(Refusal);
            },
            _ => Interlocked.Increment(ref applyAttempts) == 1 ? throw new InvalidOperationException("store down") : Task.CompletedTask,
            new InMemoryWorkflowStore(),
            outbox,
            () => false,
            NullLogger.Instance);

        delivery.Resume();
        await WaitUntilAsync(() => outbox.Count == 0);

        Assert.Equal(2, sends);
        Assert.Equal(2, applyAttempts);
    }

    private static OutboxEntry Entry(long id, string receiver) =>
        new(id, receiver, JsonSerializer.Serialize(WorkflowMessages.StartSubOrchestration("Child", null, 3, "exec") with { Sequence = id }, WorkflowJson.Options));

    private static async Task WaitUntilAsync(Func<bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!done())
        {
            Assert.True(DateTime.UtcNow < deadline, "the outbox was not delivered within 10 s");
            await Task.Delay(10);
        }
    }
}
