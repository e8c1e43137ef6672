using Microsoft.Extensions.Logging;
using OrleansWorkflows.Runtime;

namespace OrleansWorkflows.Engine;

internal sealed partial class OrchestrationInstance
{
    [LoggerMessage(EventId = LogEvents.Orchestrations.EpisodeAbandoned, Level = LogLevel.Warning, Message = "Instance {InstanceId}: episode abandoned; the activation reloads from the store")]
    private partial void LogEpisodeAbandoned(Exception exception, string instanceId);

    [LoggerMessage(EventId = LogEvents.Orchestrations.InjectedCrash, Level = LogLevel.Warning, Message = "Instance {InstanceId}: injected crash after commit")]
    private partial void LogInjectedCrash(string instanceId);

    [LoggerMessage(EventId = LogEvents.Orchestrations.InstanceFinished, Level = LogLevel.Information, Message = "Instance {InstanceId} ({Name}) finished: {Status}")]
    private partial void LogCompleted(string instanceId, string name, OrchestrationRuntimeStatus status);

    [LoggerMessage(EventId = LogEvents.Orchestrations.MessageDropped, Level = LogLevel.Information, Message = "Instance {InstanceId}: dropped {Kind} from {Sender}: instance is {State}")]
    private partial void LogDropped(string instanceId, WorkflowMessageKind kind, string? sender, string state);

    [LoggerMessage(EventId = LogEvents.Orchestrations.HistoryContradictsRecord, Level = LogLevel.Error, Message = "Instance {InstanceId}: its history ends with {Outcome} but its record says {Status}; committing the outcome history holds")]
    private partial void LogOutcomeUnderRunningRecord(string instanceId, OrchestrationRuntimeStatus outcome, OrchestrationRuntimeStatus status);

    [LoggerMessage(EventId = LogEvents.Orchestrations.StartScheduled, Level = LogLevel.Information, Message = "Instance {InstanceId} ({Name}) is Pending: its start is scheduled for {StartAt:O}")]
    private partial void LogStartScheduled(string instanceId, string name, DateTime startAt);

    [LoggerMessage(EventId = LogEvents.Orchestrations.BehindTheStore, Level = LogLevel.Warning, Message = "Instance {InstanceId}: the store holds what this activation does not (version {StoredVersion} against its {Version}, messages it never received: {UnknownMessages}; another activation of it wrote while the cluster changed); the activation replays from the store")]
    private partial void LogBehindTheStore(string instanceId, long version, long? storedVersion, bool unknownMessages);
}
