using OrleansWorkflows.Runtime;

namespace OrleansWorkflows.Engine;

/// <summary>
/// Client requests (events raised and signals sent from outside the engine) that carry a request id: they enter the
/// inbox as sequenced messages of a sender of their own, <c>/request/{id}</c> with sequence 1, so the store drops a
/// repeat while the first is still queued, and <see cref="MessageBookkeeping"/> remembers the last
/// <see cref="Remembered"/> applied ids so a repeat that comes later is dropped too. The prefix cannot clash with a
/// real sender: instance ids never contain '/', entity ids start with '@'.
/// </summary>
internal static class ClientRequests
{
    /// <summary>How many applied request ids an instance or entity remembers (bounded engine state).</summary>
    public const int Remembered = 64;

    private const string Prefix = "/request/";

    /// <summary>The request id behind <paramref name="sender"/>, or <c>null</c> when it is an instance or entity.</summary>
    public static string? RequestIdOf(string sender) =>
        sender.StartsWith(Prefix, StringComparison.Ordinal) ? sender[Prefix.Length..] : null;

    /// <summary>Whether request <paramref name="requestId"/> (when not <c>null</c>) was applied already by the owner of <paramref name="state"/>.</summary>
    public static bool WasApplied(MessageBookkeeping state, string? requestId) =>
        requestId is not null && state.HasApplied(Prefix + requestId, 1);

    /// <summary><paramref name="message"/> stamped as coming from request <paramref name="requestId"/> (unchanged when <c>null</c>).</summary>
    public static WorkflowMessage Stamp(WorkflowMessage message, string? requestId) =>
        requestId is null ? message : message with { Sender = Prefix + requestId, Sequence = 1 };
}
