using Microsoft.Extensions.Logging;
using OrleansWorkflows.Runtime;

namespace OrleansWorkflows.Engine;

/// <summary>
/// An instance whose orchestration version this silo does not register (a rolling deploy; a version dropped while
/// instances still ran it; a continue-as-new to a version this silo lacks). It never runs here: when another silo
/// registers the version it moves there; when none does, its <see cref="MissingVersionPolicy"/> decides — wait (run
/// nothing, keep every message, show what it waits for in its status, move as soon as a silo with the version joins)
/// or fail with an error naming the version.
/// </summary>
internal sealed partial class OrchestrationInstance
{
    /// <summary>How often a waiting activation looks for a silo that registers its version (a look-up in memory).</summary>
    private static readonly TimeSpan VersionCheckPeriod = TimeSpan.FromSeconds(1);

    private string? _waitingFor;
    private IGrainTimer? _versionWatch;

    /// <summary>What the running instance waits for before it can run at all, or <c>null</c>.</summary>
    public string? WaitingFor => IsRunning ? _waitingFor : null;

    /// <summary>A continue-as-new committed the next execution, which waits for its version: the instance is Running (its
    /// status says so), though its record says ContinuedAsNew until that execution starts.</summary>
    private bool NextExecutionWaits => _waitingFor is not null && _record?.Status == OrchestrationRuntimeStatus.ContinuedAsNew;

    /// <summary>On activation of a running instance, and after a continue-as-new: true when it must not run here (it
    /// waits, or moves once idle).</summary>
    private bool HoldsForVersion()
    {
        var (name, version) = (_record!.Name, _state.Version);
        var registry = _services.Registry;
        if (registry.HasOrchestrator(name, version) || (!registry.HasOrchestrator(name) && _services.Runner.ServesRemotely(name)))
        {
            return false;
        }

        var elsewhere = _services.Versions?.SilosWith(name, version) ?? [];
        if (elsewhere.Length == 0 && (version is null || registry.GetMissingVersionPolicy(name) == MissingVersionPolicy.Fail))
        {
            return false; // it runs here and fails naming what is missing (an unversioned instance: as before versions)
        }

        _waitingFor = elsewhere.Length > 0 ? MovingText(name, version) : MissingText(name, version);
        LogWaitingForVersion(InstanceId, _waitingFor);
        _versionWatch = _host.RegisterTimer(
            MoveIfVersionAvailableAsync,
            new GrainTimerCreationOptions { DueTime = TimeSpan.Zero, Period = VersionCheckPeriod, Interleave = true, KeepAlive = false });
        return true;
    }

    /// <summary>
    /// A waiting instance moves to a silo that registers its version, once there is one. When the silo it was moving to
    /// is gone meanwhile, the policy applies: a waiting one says so; one that must fail (or an unversioned one) drops
    /// this activation, and the next one fails it.
    /// </summary>
    private Task MoveIfVersionAvailableAsync()
    {
        if (_waitingFor is null || !IsRunning)
        {
            return Task.CompletedTask;
        }

        var (name, version) = (_record!.Name, _state.Version);
        if (_services.Versions?.SilosWith(name, version) is [var silo, ..])
        {
            LogMovingToVersion(InstanceId, silo.ToString());
            _versionWatch?.Dispose();
            _versionWatch = null;
            _host.MigrateTo(silo);
        }
        else if (version is null || _services.Registry.GetMissingVersionPolicy(name) == MissingVersionPolicy.Fail)
        {
            _host.DeactivateOnIdle();
        }
        else
        {
            _waitingFor = MissingText(name, version);
        }

        return Task.CompletedTask;
    }

    /// <summary>A wake-up (sweep poke, reminder tick) of a waiting instance: move if it can; keep its stored wake-up
    /// periodic meanwhile, so that after this activation is gone the sweep brings it back (and placement moves it).</summary>
    private async Task WakeWhileWaitingAsync(bool fromSweep)
    {
        await MoveIfVersionAvailableAsync();
        if (fromSweep && _record is { WakeAt: not null })
        {
            await Store.SetWakeUpAsync(InstanceId, _record.Version, Now + Options.RecoveryInterval, InboxDecidedUpTo);
        }
    }

    /// <summary>A suspend or resume while the next execution waits for its version: refused, since no execution has
    /// started that it could apply to (a terminate ends the instance).</summary>
    private OperationResult? RefuseBeforeNextExecution(ControlWork work) =>
        NextExecutionWaits && work.Kind is (ControlKind.Suspend or ControlKind.Resume)
            ? new OperationResult(OperationOutcome.NotAllowed,
                $"Instance '{InstanceId}' continued as new and its next execution waits for {_waitingFor}; until it has started it can only be terminated.")
            : null;

    private static string MovingText(string name, string? version) => $"{Describe(name, version)}, which this silo does not register: moving to a silo that does";

    private static string MissingText(string name, string? version) => $"{Describe(name, version)}, which no silo of the cluster registers";

    private static string Describe(string name, string? version) =>
        version is null ? $"orchestration '{name}'" : $"version '{version}' of orchestration '{name}'";

    [LoggerMessage(EventId = LogEvents.Versions.WaitingForVersion, Level = LogLevel.Warning, Message = "Instance {InstanceId} does not run here: it waits for {WaitingFor}")]
    private partial void LogWaitingForVersion(string instanceId, string waitingFor);

    [LoggerMessage(EventId = LogEvents.Versions.MovingToVersion, Level = LogLevel.Information, Message = "Instance {InstanceId} moves to silo {Silo}, which registers its version")]
    private partial void LogMovingToVersion(string instanceId, string silo);
}
