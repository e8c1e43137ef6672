using OrleansWorkflows.Runtime;

namespace OrleansWorkflows.Engine;

/// <summary>
/// What an <see cref="OutboxDelivery"/> needs from the grain that owns the outbox: the sending, the applying of an answer
/// a receiver returns, and whether the owner's activation stopped. The owner implements it itself, so an activation
/// holds no delegates for it (every orchestration and entity activation would keep three).
/// </summary>
internal interface IOutboxPort
{
    /// <summary>The owner's activation is given up: senders stop (the next activation resumes from the store).</summary>
    bool Stopped { get; }

    /// <summary>Sends one entry's message to <paramref name="receiver"/>; returns the receiver's answer (a refusal), if any.</summary>
    Task<WorkflowMessage?> SendAsync(string receiver, WorkflowMessage message);

    /// <summary>Applies (durably) an answer a receiver returned, before its entry is removed.</summary>
    Task ApplyAnswerAsync(WorkflowMessage answer);
}
