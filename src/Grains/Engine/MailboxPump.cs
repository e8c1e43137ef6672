namespace OrleansWorkflows.Engine;

/// <summary>
/// The processing side of a workflow grain's mailbox (orchestrations and entities alike): the loop that drains the
/// <see cref="DurableInbox"/> (and whatever else the grain has waiting) into episodes or operation batches, one at a
/// time, and the break that stops it for good when one fails (a commit conflict or a store failure: the activation is
/// given up and the next call reloads from the store).
/// </summary>
/// <param name="owner">Runs one episode or batch, and handles a break.</param>
internal sealed class MailboxPump(IMailboxOwner owner)
{
    // A flag rather than the loop's task: an idle activation (every completed instance until it is collected) keeps no
    // finished task object alive.
    private bool _running;

    /// <summary>The loop broke (or the activation was dropped): nothing runs any more in this activation.</summary>
    public bool Broken { get; private set; }

    /// <summary>An episode or batch is under way (or about to start).</summary>
    public bool Running => _running;

    /// <summary>Starts the loop unless it runs already.</summary>
    /// <remarks>
    /// The loop never runs in the execution context of the call that happened to start it: that call's Orleans
    /// <c>RequestContext</c> (a start's placement hint, a client's trace context) would otherwise ride along on
    /// every message the episodes send (activity requests, their results, outbox deliveries), and be copied, serialized
    /// and imported again at every hop of the instance's work.
    /// </remarks>
    public void Ensure()
    {
        if (_running)
        {
            return;
        }

        _running = true;
        if (ExecutionContext.IsFlowSuppressed())
        {
            _ = RunAsync(); // called where the flow is suppressed already (SuppressFlow would throw)
            return;
        }

        using (ExecutionContext.SuppressFlow())
        {
            _ = RunAsync();
        }
    }

    /// <summary>Stops the loop and hands <paramref name="ex"/> to the grain's break handler.</summary>
    public void Break(Exception ex)
    {
        Broken = true;
        owner.OnPumpBreak(ex);
    }

    /// <summary>Stops the loop without a failure to report (the grain drops the activation itself).</summary>
    public void Stop() => Broken = true;

    private async Task RunAsync()
    {
        try
        {
            // Let deliveries that arrive in the same moment join this episode or batch.
            await Task.Yield();
            while (!Broken)
            {
                try
                {
                    if (!await owner.RunOnceAsync())
                    {
                        return;
                    }
                }
                catch (Exception ex)
                {
                    Break(ex);
                }
            }
        }
        finally
        {
            _running = false;
        }
    }
}
