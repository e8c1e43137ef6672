using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using P = Microsoft.DurableTask.Protobuf;

namespace OrleansWorkflows.DurableTask.Grpc.Workers;

/// <summary>
/// The remote workers connected to this host and the work handed to them. Work goes to a connected worker that serves
/// its name (round robin), or waits for one; each dispatch carries a new completion token, and only the answer with the
/// token of the latest dispatch completes the work (a late answer to an earlier one is ignored). A worker that
/// disconnects, or abandons an item, has its unanswered items dispatched again: activities stay at-least-once and an
/// episode is never lost. Instances that found no worker ask to be woken when one connects.
/// </summary>
internal sealed partial class WorkerHub(ILogger<WorkerHub> logger)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, PendingWork> _pending = new(StringComparer.Ordinal);
    private readonly List<WorkerConnection> _connections = [];
    private readonly List<PendingWork> _waiting = [];
    private readonly Dictionary<string, Action> _wakeOnConnect = new(StringComparer.Ordinal);
    private int _next;

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

    /// <summary>True when a connected worker serves the orchestration (or activity) <paramref name="name"/>.</summary>
    public bool IsServed(bool orchestration, string name)
    {
        lock (_lock)
        {
            return _connections.Any(c => c.Serves(orchestration, name));
        }
    }

    /// <summary>
    /// Runs one orchestrator episode on a worker: <c>null</c> at once when no connected worker serves
    /// <paramref name="name"/>, or when no answer came within <paramref name="deadline"/> (the work is withdrawn, a late
    /// answer is ignored).
    /// </summary>
    public async Task<P.OrchestratorResponse?> RunOrchestratorAsync(string name, P.OrchestratorRequest request, TimeSpan deadline)
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

    /// <summary>Runs one activity call on a worker, waiting for one to connect if none serves it now.</summary>
    public async Task<P.ActivityResponse> RunActivityAsync(string name, P.ActivityRequest request)
    {
        var work = new PendingWork(name, new P.WorkItem { ActivityRequest = request });
        Dispatch(work);
        return (P.ActivityResponse)(await work.Answer)!;
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

            DispatchLocked(work);
            return true;
        }
    }

    /// <summary>Calls <paramref name="wake"/> once, when the next worker connects (one entry per instance).</summary>
    public void WakeWhenConnected(string instanceId, Action wake)
    {
        lock (_lock)
        {
            _wakeOnConnect[instanceId] = wake;
        }
    }

    /// <summary>A worker opened its work-item stream: it gets the waiting work it serves; waiting instances are woken.</summary>
    public void Connect(WorkerConnection connection)
    {
        List<Action> wakes;
        lock (_lock)
        {
            _connections.Add(connection);
            foreach (var work in _waiting.Where(w => connection.Serves(w.IsOrchestration, w.Name)).ToList())
            {
                _waiting.Remove(work);
                DispatchLocked(work);
            }

            wakes = [.. _wakeOnConnect.Values];
            _wakeOnConnect.Clear();
        }

        LogWorkerConnected(wakes.Count);
        foreach (var wake in wakes)
        {
            wake();
        }
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
    }

    private void Dispatch(PendingWork work)
    {
        lock (_lock)
        {
            DispatchLocked(work);
        }
    }

    private void DispatchLocked(PendingWork work)
    {
        var candidates = _connections.Where(c => !c.Closed && c.Serves(work.IsOrchestration, work.Name)).ToList();
        if (candidates.Count == 0)
        {
            work.Connection = null;
            _waiting.Add(work);
            return;
        }

        var connection = candidates[(int)((uint)_next++ % (uint)candidates.Count)];
        var token = RandomNumberGenerator.GetHexString(32, lowercase: true);
        work.Item.CompletionToken = token;
        work.Connection = connection;
        _pending[token] = work;
        connection.Send(work.Item.Clone());
    }

    private void Withdraw(PendingWork work)
    {
        lock (_lock)
        {
            _waiting.Remove(work);
            if (work.Item.CompletionToken is { Length: > 0 } token && _pending.TryGetValue(token, out var current) && ReferenceEquals(current, work))
            {
                _pending.Remove(token);
            }
        }
    }

    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "A Durable Task worker connected; waking {Waiting} instance(s) that waited for one")]
    private partial void LogWorkerConnected(int waiting);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Information, Message = "A Durable Task worker disconnected; {Count} unanswered work item(s) dispatched again")]
    private partial void LogWorkerDisconnected(int count);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Warning, Message = "Instance {InstanceId}: no worker answered the episode of {Name} within {Deadline}; it is asked again later")]
    private partial void LogEpisodeTimedOut(string instanceId, string name, TimeSpan deadline);
}
