using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using P = Microsoft.DurableTask.Protobuf;

namespace OrleansWorkflows.DurableTask.Grpc.Workers;

/// <summary>
/// The remote workers connected to this host and the work handed to them. Work goes to a connected worker that serves
/// its name and has a credit left (its <c>maxConcurrent*</c> not reached; round robin among those), or waits for one —
/// a worker that connects or answers takes the waiting work it serves; each dispatch carries a new completion token, and only the answer with the
/// token of the latest dispatch completes the work (a late answer to an earlier one is ignored). A worker that
/// disconnects, or abandons an item, has its unanswered items dispatched again: activities stay at-least-once and an
/// episode is never lost. Instances that found no worker ask to be woken when one connects. In a cluster
/// (<c>WorkerHub.Cluster.cs</c>) work no worker here serves goes to a gateway whose workers serve it, and a completion
/// token names the hub that dispatched it, so any gateway routes an answer to it.
/// </summary>
internal sealed partial class WorkerHub(ILogger<WorkerHub> logger)
{
    /// <summary>Separates the hub id from the rest of a completion token.</summary>
    private const char TokenSeparator = '.';

    private readonly Lock _lock = new();
    private readonly Dictionary<string, PendingWork> _pending = new(StringComparer.Ordinal);
    private readonly List<WorkerConnection> _connections = [];
    private readonly List<PendingWork> _waiting = [];
    private readonly Dictionary<string, Action> _wakeOnConnect = new(StringComparer.Ordinal);
    private int _next;
    private long _connects;

    /// <summary>How many workers are connected now.</summary>
    public int ConnectedWorkers
    {
        get
        {
            lock (_lock)
            {
                return _connections.Count;
            }
        }
    }

    /// <summary>
    /// How many times a worker connected (here, or to another gateway as far as this hub learnt): read it before asking
    /// for an episode and pass it to <see cref="WakeWhenServed"/>, so a worker that connects in between is not missed.
    /// </summary>
    public long Connects => Interlocked.Read(ref _connects);

    /// <summary>True when a connected worker serves the orchestration (or activity) <paramref name="name"/>.</summary>
    public bool IsServed(bool orchestration, string name)
    {
        lock (_lock)
        {
            return _connections.Any(c => c.Serves(orchestration, name));
        }
    }

    /// <summary>
    /// The past events of the orchestrator work item of (<paramref name="instanceId"/>, <paramref name="executionId"/>)
    /// now with a worker, for the worker's <c>StreamInstanceHistory</c>; <c>null</c> when none is out.
    /// </summary>
    public IReadOnlyList<P.HistoryEvent>? PastEventsOf(string instanceId, string? executionId)
    {
        lock (_lock)
        {
            return _pending.Values
                .Select(w => w.Item.OrchestratorRequest)
                .FirstOrDefault(r => r is not null && r.InstanceId == instanceId && (string.IsNullOrEmpty(executionId) || r.ExecutionId == executionId))
                ?.PastEvents.ToList();
        }
    }

    /// <summary>The name of an activity call of <paramref name="instanceId"/> that no connected worker serves now, if any.</summary>
    public string? WaitingActivityOf(string instanceId)
    {
        lock (_lock)
        {
            return _waiting.FirstOrDefault(w => !w.IsOrchestration && w.Item.ActivityRequest.OrchestrationInstance?.InstanceId == instanceId
                && !_connections.Any(c => !c.Closed && c.Serves(orchestration: false, w.Name)))?.Name;
        }
    }

    /// <summary>
    /// Runs one orchestrator episode on a worker: <c>null</c> at once when no connected worker serves
    /// <paramref name="name"/>, or when no answer came within <paramref name="deadline"/> (the work is withdrawn, a late
    /// answer is ignored).
    /// </summary>
    public async Task<P.OrchestratorResponse?> RunOrchestratorHereAsync(string name, P.OrchestratorRequest request, TimeSpan deadline)
    {
        if (!IsServed(orchestration: true, name))
        {
            return null;
        }

        var work = new PendingWork(name, new P.WorkItem { OrchestratorRequest = request });
        Dispatch(work);
        try
        {
            return (P.OrchestratorResponse?)await work.Answer.WaitAsync(deadline);
        }
        catch (TimeoutException)
        {
            Withdraw(work);
            LogEpisodeTimedOut(request.InstanceId, name, deadline);
            return null;
        }
    }

    /// <summary>Queues one activity call for the workers connected here (sent at once, or when one can take it).</summary>
    private PendingWork DispatchActivity(string name, P.ActivityRequest request)
    {
        var work = new PendingWork(name, new P.WorkItem { ActivityRequest = request });
        Dispatch(work);
        return work;
    }

    /// <summary>A worker's answer: completes the work dispatched with <paramref name="token"/>, if it is still pending.</summary>
    public bool Complete(string token, object response)
    {
        PendingWork? work;
        lock (_lock)
        {
            if (!_pending.Remove(token, out work))
            {
                return false;
            }

            Release(work);
        }

        return work.TryAnswer(response);
    }

    /// <summary>A worker gave the item up: it is dispatched again, with a new token.</summary>
    public bool Abandon(string token)
    {
        lock (_lock)
        {
            if (!_pending.Remove(token, out var work))
            {
                return false;
            }

            Release(work);
            DispatchLocked(work);
            return true;
        }
    }

    /// <summary>
    /// Calls <paramref name="wake"/> once, when an episode of orchestration <paramref name="name"/> of
    /// <paramref name="instanceId"/> that got no answer may get one: at once when a worker connected since
    /// <paramref name="connectsSeen"/> (<see cref="Connects"/> read before the episode was asked for), after
    /// <paramref name="pause"/> when a worker serves it already (it did not answer in time, or its gateway failed), else
    /// when the next worker connects (one entry per instance). Checked and registered under the lock a connecting worker
    /// takes, so a worker that connects at any moment wakes the instance.
    /// </summary>
    public void WakeWhenServed(string instanceId, string name, long connectsSeen, TimeSpan pause, Action wake)
    {
        lock (_lock)
        {
            if (_connects == connectsSeen && !IsServedLocked(name))
            {
                _wakeOnConnect[instanceId] = wake;
                return;
            }
        }

        if (Connects != connectsSeen || pause <= TimeSpan.Zero)
        {
            wake();
        }
        else
        {
            _ = Task.Delay(pause).ContinueWith(_ => wake(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        }
    }

    /// <summary>A worker opened its work-item stream: it gets the waiting work it serves; waiting instances are woken.</summary>
    public void Connect(WorkerConnection connection)
    {
        List<Action> wakes;
        lock (_lock)
        {
            _connections.Add(connection);
            wakes = TakeWakesLocked();
            DispatchWaitingLocked();
        }

        LogWorkerConnected(Wake(wakes));
        PresenceChanged();
    }

    /// <summary>A worker connected to another gateway: the instances that waited for one are woken.</summary>
    /// <returns>How many were woken.</returns>
    public int WakeWaiting()
    {
        List<Action> wakes;
        lock (_lock)
        {
            wakes = TakeWakesLocked();
        }

        return Wake(wakes);
    }

    /// <summary>Counts a connect and takes the instances waiting for one (woken outside the lock).</summary>
    private List<Action> TakeWakesLocked()
    {
        _connects++;
        List<Action> wakes = [.. _wakeOnConnect.Values];
        _wakeOnConnect.Clear();
        return wakes;
    }

    private static int Wake(List<Action> wakes)
    {
        foreach (var wake in wakes)
        {
            wake();
        }

        return wakes.Count;
    }

    /// <summary>A worker's stream ended: what it had not answered is dispatched again.</summary>
    public void Disconnect(WorkerConnection connection)
    {
        int redispatched;
        lock (_lock)
        {
            connection.Closed = true;
            _connections.Remove(connection);
            var unanswered = _pending.Where(p => ReferenceEquals(p.Value.Connection, connection)).ToList();
            foreach (var (token, work) in unanswered)
            {
                _pending.Remove(token);
                DispatchLocked(work);
            }

            redispatched = unanswered.Count;
        }

        LogWorkerDisconnected(redispatched);
        PresenceChanged();
    }

    private void Dispatch(PendingWork work)
    {
        lock (_lock)
        {
            DispatchLocked(work);
        }
    }

    /// <summary>Sends <paramref name="work"/> to a worker that serves it and has a credit left, else queues it as waiting.</summary>
    private void DispatchLocked(PendingWork work)
    {
        if (!TrySendLocked(work))
        {
            work.Connection = null;
            _waiting.Add(work);
        }
    }

    /// <summary>Sends the waiting work, in arrival order, that a worker can take now (one connected or has a credit free).</summary>
    private void DispatchWaitingLocked()
    {
        foreach (var work in _waiting.ToList())
        {
            if (TrySendLocked(work))
            {
                _waiting.Remove(work);
            }
        }
    }

    /// <summary>The work is no longer with its worker (answered, abandoned, withdrawn): its credit is free again.</summary>
    private void Release(PendingWork work)
    {
        if (work.Connection is { } connection)
        {
            connection.Count(work.IsOrchestration, -1);
            work.Connection = null;
            DispatchWaitingLocked();
        }
    }

    private bool TrySendLocked(PendingWork work)
    {
        var candidates = _connections.Where(c => !c.Closed && c.Serves(work.IsOrchestration, work.Name) && c.HasCredit(work.IsOrchestration)).ToList();
        if (candidates.Count == 0)
        {
            return false;
        }

        var connection = candidates[(int)((uint)_next++ % (uint)candidates.Count)];
        var token = $"{Id}{TokenSeparator}{RandomNumberGenerator.GetHexString(32, lowercase: true)}";
        work.Item.CompletionToken = token;
        work.Connection = connection;
        connection.Count(work.IsOrchestration, +1);
        _pending[token] = work;
        connection.Send(work.Item);
        return true;
    }

    private void Withdraw(PendingWork work)
    {
        lock (_lock)
        {
            WithdrawLocked(work);
        }
    }

    private void WithdrawLocked(PendingWork work)
    {
        _waiting.Remove(work);
        if (work.Item.CompletionToken is { Length: > 0 } token && _pending.TryGetValue(token, out var current) && ReferenceEquals(current, work))
        {
            _pending.Remove(token);
            Release(work);
        }
    }

    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "A Durable Task worker connected; waking {Waiting} instance(s) that waited for one")]
    private partial void LogWorkerConnected(int waiting);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Information, Message = "A Durable Task worker disconnected; {Count} unanswered work item(s) dispatched again")]
    private partial void LogWorkerDisconnected(int count);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Warning, Message = "Instance {InstanceId}: no worker answered the episode of {Name} within {Deadline}; it is asked again later")]
    private partial void LogEpisodeTimedOut(string instanceId, string name, TimeSpan deadline);
}
