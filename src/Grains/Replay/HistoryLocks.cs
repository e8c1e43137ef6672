using OrleansWorkflows.History;

namespace OrleansWorkflows.Replay;

/// <summary>
/// The entity locks a history holds: an <see cref="EntityLockRequested"/> holds its entity (granted or not) until an
/// <see cref="EntityUnlockSent"/> releases it. What is still held when the execution ends is released by the engine,
/// whatever the code now running would request: history, not the code, says what the entities gave out.
/// </summary>
internal static class HistoryLocks
{
    /// <summary>Updates <paramref name="held"/> (in request order) with one recorded event.</summary>
    public static void Apply(List<EntityId> held, HistoryEvent e)
    {
        switch (e)
        {
            case EntityLockRequested requested when EntityId.TryParse(requested.EntityId, out var entity) && !held.Contains(entity):
                held.Add(entity);
                break;
            case EntityUnlockSent released when EntityId.TryParse(released.EntityId, out var entity):
                held.Remove(entity);
                break;
        }
    }

    /// <summary>The locks held after <paramref name="history"/>, in request order.</summary>
    public static List<EntityId> HeldAfter(IEnumerable<HistoryEvent> history)
    {
        var held = new List<EntityId>();
        foreach (var e in history)
        {
            Apply(held, e);
        }

        return held;
    }
}
