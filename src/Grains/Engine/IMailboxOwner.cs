namespace OrleansWorkflows.Engine;

/// <summary>
/// The grain side of a <see cref="MailboxPump"/>: what one turn of the loop runs and what a break does. Implemented by
/// the orchestration and entity instances themselves, so an activation holds no delegates for its pump.
/// </summary>
internal interface IMailboxOwner
{
    /// <summary>Runs one episode or batch; returns <c>false</c> when there was nothing to run.</summary>
    Task<bool> RunOnceAsync();

    /// <summary>What the grain does when the loop breaks (log, fail waiting callers, deactivate).</summary>
    void OnPumpBreak(Exception exception);
}
