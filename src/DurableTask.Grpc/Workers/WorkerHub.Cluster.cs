using System.Security.Cryptography;
using Google.Protobuf;
using Microsoft.Extensions.Logging;
using OrleansWorkflows.DurableTask.Grpc.Cluster;
using P = Microsoft.DurableTask.Protobuf;

namespace OrleansWorkflows.DurableTask.Grpc.Workers;

/// <summary>
/// The hub in a cluster of several gateways. Each hub publishes what its workers serve to the
/// <see cref="IWorkerDirectoryGrain"/> (<see cref="WorkerHubPresence"/>) and keeps the other hubs' offers. Work that no
/// worker connected here serves goes to a hub whose workers do, through its <see cref="IWorkerHubGrain"/>: an episode
/// with its deadline, an activity call by its call id (asked again until answered, so it survives the wait and moves to
/// another hub if that one's silo dies). A completion token starts with the id of the hub that dispatched the work, so
/// an answer that reached another gateway is routed to it. Without a cluster attached (tests of the hub alone) all of
/// it is local.
/// </summary>
internal sealed partial class WorkerHub
{
    /// <summary>How long a remote activity call waits per round trip before it is asked again.</summary>
    private static readonly TimeSpan ActivityPoll = TimeSpan.FromSeconds(10);

    /// <summary>The longest an episode sent to another gateway is waited for in one grain call.</summary>
    private static readonly TimeSpan MaxRemoteEpisodeWait = TimeSpan.FromSeconds(20);

    /// <summary>The pause before asking again when no hub took a call.</summary>
    private static readonly TimeSpan ActivityRetryPause = TimeSpan.FromMilliseconds(500);

    /// <summary>A call asked for by no caller for this long is withdrawn (its caller's silo died; the caller's
    /// orchestration re-sends it from its lease).</summary>
    private static readonly TimeSpan AbandonedCallAfter = TimeSpan.FromMinutes(2);

    private readonly Dictionary<string, (PendingWork Work, DateTime LastAsked)> _remoteCalls = new(StringComparer.Ordinal);
    private IGrainFactory? _grains;
    private Action? _presenceChanged;
    private IWorkerHubObserver? _observer;
    private WorkerOffer[] _offers = [];
    private int _nextHub;

    /// <summary>This hub's id: the key of its <see cref="IWorkerHubGrain"/> and the start of every token it hands out.</summary>
    public string Id { get; } = RandomNumberGenerator.GetHexString(16, lowercase: true);

    /// <summary>Joins the cluster: remote work goes through <paramref name="grains"/>; <paramref name="presenceChanged"/>
    /// is called when a worker connects or leaves (the offer is published again). A hub in an Orleans client passes the
    /// <paramref name="observer"/> other hubs reach it by (it publishes it in its offer); a hub in a silo is reached by its grain.</summary>
    public void AttachCluster(IGrainFactory grains, Action presenceChanged, IWorkerHubObserver? observer = null)
    {
        _grains = grains;
        _presenceChanged = presenceChanged;
        _observer = observer;
    }

    /// <summary>What the workers connected here serve, valid until <paramref name="expiresAt"/>.</summary>
    public WorkerOffer Offer(DateTime expiresAt)
    {
        lock (_lock)
        {
            var filters = _connections.Where(c => !c.Closed).Select(c => c.Filters).ToList();
            var all = filters.Any(f => f is null || (f.Orchestrations.Count == 0 && f.Activities.Count == 0));
            return new WorkerOffer(
                Id,
                all,
                [.. filters.Where(f => f is not null).SelectMany(f => f!.Orchestrations.Select(o => o.Name)).Distinct(StringComparer.OrdinalIgnoreCase)],
                [.. filters.Where(f => f is not null).SelectMany(f => f!.Activities.Select(a => a.Name)).Distinct(StringComparer.OrdinalIgnoreCase)],
                filters.Count,
                expiresAt,
                _observer);
        }
    }

    /// <summary>The other hubs' live offers, as the directory last answered.</summary>
    public void SetOffers(WorkerOffer[] offers)
    {
        var before = Interlocked.Exchange(ref _offers, offers);
        if (offers.Sum(o => o.Workers) > before.Sum(o => o.Workers))
        {
            WakeWaiting(); // a worker connected elsewhere: instances waiting here try again
        }
    }

    /// <summary>True when a worker here or at another gateway serves the orchestration (or activity) <paramref name="name"/>.</summary>
    public bool IsServedAnywhere(bool orchestration, string name) =>
        IsServed(orchestration, name) || Volatile.Read(ref _offers).Any(o => o.Serves(orchestration, name));

    /// <summary><see cref="IsServedAnywhere"/> for an orchestration, under the lock.</summary>
    private bool IsServedLocked(string name) =>
        _connections.Any(c => !c.Closed && c.Serves(orchestration: true, name)) || Volatile.Read(ref _offers).Any(o => o.Serves(orchestration: true, name));

    /// <summary>
    /// Runs one orchestrator episode: on a worker connected here when one serves <paramref name="name"/>, else on a worker
    /// of another gateway that does; <c>null</c> when none serves it or none answered within <paramref name="deadline"/>.
    /// </summary>
    public async Task<P.OrchestratorResponse?> RunOrchestratorAsync(string name, P.OrchestratorRequest request, TimeSpan deadline)
    {
        if (_grains is null || IsServed(orchestration: true, name))
        {
            return await RunOrchestratorHereAsync(name, request, deadline);
        }

        var bytes = request.ToByteArray();
        foreach (var hubId in HubsServing(orchestration: true, name))
        {
            try
            {
                // Within a grain call's response timeout (Orleans' default 30 s): an episode not answered by then is asked again.
                var wait = deadline < MaxRemoteEpisodeWait ? deadline : MaxRemoteEpisodeWait;
                var answer = await Link(hubId).RunOrchestratorAsync(name, bytes, wait);
                return answer is null ? null : P.OrchestratorResponse.Parser.ParseFrom(answer);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogRemoteHubFailed(ex, hubId, name);
            }
        }

        return null;
    }

    /// <summary>
    /// Runs one activity call on a worker: here when a worker here serves it (or none anywhere does: it waits here for
    /// one), else on another gateway whose worker serves it. A call waiting here moves to another gateway once a worker
    /// there serves it. A call placed with another gateway is asked for there again until answered, and moves on only
    /// when that gateway fails or its workers no longer serve it (asked elsewhere, it would be run twice).
    /// </summary>
    public async Task<P.ActivityResponse> RunActivityAsync(string name, P.ActivityRequest request)
    {
        var callId = RandomNumberGenerator.GetHexString(32, lowercase: true);
        string? placed = null;
        while (true)
        {
            if (_grains is null || IsServed(orchestration: false, name) || !HubsServing(orchestration: false, name).Any())
            {
                var work = DispatchActivity(name, request);
                while (true)
                {
                    try
                    {
                        return (P.ActivityResponse)(await work.Answer.WaitAsync(_grains is null ? Timeout.InfiniteTimeSpan : ActivityPoll))!;
                    }
                    catch (TimeoutException) when (HubsServing(orchestration: false, name).Any() && TryWithdrawWaiting(work))
                    {
                        break; // nobody here serves it, a worker elsewhere does: go there
                    }
                    catch (TimeoutException)
                    {
                        // still with a worker here, or still nowhere else: keep waiting
                    }
                }
            }

            var asked = false;
            foreach (var hubId in PlacedFirst(HubsServing(orchestration: false, name), placed))
            {
                try
                {
                    var answer = await Link(hubId).AwaitActivityAsync(callId, name, request.ToByteArray(), ActivityPoll);
                    if (answer is not null)
                    {
                        return P.ActivityResponse.Parser.ParseFrom(answer);
                    }

                    placed = hubId;
                    asked = true;
                    break; // not answered yet: ask that hub again
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogRemoteHubFailed(ex, hubId, name);
                    placed = hubId == placed ? null : placed;
                }
            }

            if (!asked)
            {
                await Task.Delay(ActivityRetryPause); // every hub failed (a silo just died): its offer lapses soon
            }
        }
    }

    /// <summary>An activity call sent here by another silo: dispatched once per call id, its answer waited for up to
    /// <paramref name="wait"/> (<c>null</c>: not answered yet).</summary>
    public async Task<P.ActivityResponse?> AwaitRemoteActivityAsync(string callId, string name, byte[] request, TimeSpan wait)
    {
        PendingWork work;
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        lock (_lock)
        {
            foreach (var (id, (abandoned, _)) in _remoteCalls.Where(c => now - c.Value.LastAsked > AbandonedCallAfter).ToList())
            {
                _remoteCalls.Remove(id);
                WithdrawLocked(abandoned);
            }

            var isNew = !_remoteCalls.TryGetValue(callId, out var known);
            work = isNew ? new PendingWork(name, new P.WorkItem { ActivityRequest = P.ActivityRequest.Parser.ParseFrom(request) }) : known.Work;
            _remoteCalls[callId] = (work, now);
            if (isNew)
            {
                DispatchLocked(work);
            }
        }

        try
        {
            var answer = (P.ActivityResponse)(await work.Answer.WaitAsync(wait))!;
            lock (_lock)
            {
                _remoteCalls.Remove(callId);
            }

            return answer;
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    /// <summary>A worker's answer arriving at this gateway: completed here, or routed to the hub its token names.</summary>
    public async Task<bool> CompleteAsync(string token, IMessage response)
    {
        if (HubOf(token) is { } hubId && _grains is not null)
        {
            try
            {
                return await Link(hubId).CompleteAsync(token, response.ToByteArray(), response is P.OrchestratorResponse);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // That hub's silo is gone: whoever waited there asks again (an episode after its deadline, a call from its lease).
                LogRoutedAnswerLost(ex, hubId);
                return false;
            }
        }

        return Complete(token, response);
    }

    /// <summary>A worker's abandon arriving at this gateway: done here, or routed to the hub its token names.</summary>
    public async Task<bool> AbandonAsync(string token)
    {
        if (HubOf(token) is { } hubId && _grains is not null)
        {
            try
            {
                return await Link(hubId).AbandonAsync(token);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogRoutedAnswerLost(ex, hubId);
                return false;
            }
        }

        return Abandon(token);
    }

    /// <summary>The calls of another hub: through the observer its offer carries (a hub in a client), else its grain.</summary>
    private IWorkerHubObserver Link(string hubId) =>
        WorkerHubLink.To(_grains!, hubId, Array.Find(Volatile.Read(ref _offers), o => o.HubId == hubId)?.Observer);

    /// <summary>
    /// A worker connected to another gateway (the directory said so): the instances that waited for one are woken, and the
    /// offer is published again at once, so this hub learns the other hubs' offers now rather than at its next round.
    /// </summary>
    public void WorkerConnectedElsewhere()
    {
        WakeWaiting();
        PresenceChanged();
    }

    /// <summary>The other hub a token belongs to; <c>null</c> for this hub's own (or a token of no hub).</summary>
    private string? HubOf(string? token)
    {
        var at = token?.IndexOf(TokenSeparator, StringComparison.Ordinal) ?? -1;
        return at > 0 && token![..at] is var hubId && hubId != Id ? hubId : null;
    }

    /// <summary>The other hubs whose workers serve <paramref name="name"/>, starting with the next in turn.</summary>
    private IEnumerable<string> HubsServing(bool orchestration, string name)
    {
        var serving = Volatile.Read(ref _offers).Where(o => o.Serves(orchestration, name)).Select(o => o.HubId).ToList();
        var first = serving.Count == 0 ? 0 : (int)((uint)Interlocked.Increment(ref _nextHub) % (uint)serving.Count);
        return serving.Skip(first).Concat(serving.Take(first));
    }

    /// <summary><paramref name="hubs"/> with <paramref name="placed"/> (the hub that holds a call) first, when it is one of them.</summary>
    private static IEnumerable<string> PlacedFirst(IEnumerable<string> hubs, string? placed)
    {
        var list = hubs.ToList();
        return placed is not null && list.Remove(placed) ? list.Prepend(placed) : list;
    }

    /// <summary>Takes back a call that is waiting here for a worker (not sent to one); false when it was sent meanwhile.</summary>
    private bool TryWithdrawWaiting(PendingWork work)
    {
        lock (_lock)
        {
            return _waiting.Remove(work);
        }
    }

    private void PresenceChanged() => _presenceChanged?.Invoke();

    [LoggerMessage(EventId = 7012, Level = LogLevel.Warning, Message = "A worker's answer for hub {HubId} (another gateway) could not be delivered; the work is asked for again")]
    private partial void LogRoutedAnswerLost(Exception exception, string hubId);

    [LoggerMessage(EventId = 7010, Level = LogLevel.Warning, Message = "Worker hub {HubId} (another gateway) did not take work for {Name}; trying the next")]
    private partial void LogRemoteHubFailed(Exception exception, string hubId, string name);
}
