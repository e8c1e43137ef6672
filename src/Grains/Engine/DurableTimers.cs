using OrleansWorkflows.Replay;

namespace OrleansWorkflows.Engine;

/// <summary>
/// An orchestration's open durable timers as this activation keeps them: an in-memory grain timer for each one due
/// within the precision horizon (those further out are reached by the wake reminder or the recovery sweep), and firing
/// the ones that are due (the owner turns a firing into a <c>TimerFired</c> message for the next episode).
/// </summary>
/// <param name="precisionHorizon">How far ahead a timer gets an in-memory grain timer.</param>
/// <param name="now">The engine clock.</param>
/// <param name="owner">The owner: its grain timer, the timers its running execution has open (none when nothing runs)
/// and the firing of one due timer (the owner checks it is still open and not fired yet).</param>
internal sealed class DurableTimers(
    TimeSpan precisionHorizon,
    Func<DateTime> now,
    IInstanceCallbacks owner)
{
    private Dictionary<int, IGrainTimer>? _armed; // created by the first timer armed: most instances have none

    /// <summary>Arms grain timers for open timers due within the precision horizon; drops those of closed timers.</summary>
    public void Arm()
    {
        using var timers = owner.OpenTimers.GetEnumerator();
        var any = timers.MoveNext();
        if (!any && _armed is not { Count: > 0 })
        {
            // Nothing armed and nothing open (most episodes of most instances): nothing to allocate.
            return;
        }

        var open = new Dictionary<int, CreateTimerAction>();
        for (; any; any = timers.MoveNext())
        {
            open[timers.Current.Id] = timers.Current; // one pass over the open timers
        }

        var handles = _armed ??= [];
        foreach (var id in handles.Keys.Except(open.Keys).ToList())
        {
            handles[id].Dispose();
            handles.Remove(id);
        }

        foreach (var timer in open.Values)
        {
            var dueIn = timer.FireAt - now();
            if (!handles.ContainsKey(timer.Id) && dueIn < precisionHorizon)
            {
                handles[timer.Id] = owner.RegisterTimer(
                    () =>
                    {
                        if (handles.Remove(timer.Id, out var handle))
                        {
                            handle.Dispose();
                        }

                        if (now() >= timer.FireAt)
                        {
                            owner.FireTimer(timer);
                        }
                        else
                        {
                            Arm();
                        }

                        return Task.CompletedTask;
                    },
                    OneShot(dueIn));
            }
        }
    }

    /// <summary>A one-shot grain timer due in <paramref name="dueIn"/> (at once when already due; a millisecond late, never
    /// early), interleaving with the grain's calls, not keeping it alive.</summary>
    internal static GrainTimerCreationOptions OneShot(TimeSpan dueIn) => new()
    {
        DueTime = dueIn < TimeSpan.Zero ? TimeSpan.Zero : dueIn + TimeSpan.FromMilliseconds(1),
        Period = Timeout.InfiniteTimeSpan,
        Interleave = true,
        KeepAlive = false,
    };

    /// <summary>Fires every open timer that is due, then arms the rest.</summary>
    public void FireDue()
    {
        foreach (var timer in owner.OpenTimers.Where(t => t.FireAt <= now()).ToList())
        {
            owner.FireTimer(timer);
        }

        Arm();
    }
}
