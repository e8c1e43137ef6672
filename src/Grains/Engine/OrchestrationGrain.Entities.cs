using OrleansWorkflows.History;
using OrleansWorkflows.Replay;
using OrleansWorkflows.Runtime;
using OrleansWorkflows.Storage;

namespace OrleansWorkflows.Engine;

/// <summary>The orchestration's side of durable entities: requests out through the outbox, answers in through the inbox.</summary>
internal sealed partial class OrchestrationGrain
{
    /// <summary>An entity starts this instance (not as a child). The sender's sequence number makes a re-sent start a no-op.</summary>
    private async Task StartFromEntityAsync(WorkflowMessage message)
    {
        if (message.Sender is { } sender && _state.IsApplied(sender, message.Sequence))
        {
            return;
        }

        if (RefuseStart(message.Name ?? string.Empty, message.Payload) is { } refused)
        {
            LogDropped(InstanceId, message.Kind, message.Sender, refused.Detail ?? refused.Outcome.ToString());
            return;
        }

        // The start's own commit records the sender's sequence as applied (a re-send meanwhile is refused: starting).
        await RunStartAsync(new StartWork(message.Name!, message.Payload, null, message.TraceParent, null, null, null)
        {
            SenderMessage = message.Sender is { } from ? (from, message.Sequence) : null,
        });
    }
}
