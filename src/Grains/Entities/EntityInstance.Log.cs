using Microsoft.Extensions.Logging;
using OrleansWorkflows.Runtime;

namespace OrleansWorkflows.Entities;

internal sealed partial class EntityInstance
{
    [LoggerMessage(EventId = LogEvents.Entities.BatchAbandoned, Level = LogLevel.Warning, Message = "Entity {EntityId}: batch abandoned; the activation reloads from the store")]
    private partial void LogAbandoned(Exception exception, string entityId);

    [LoggerMessage(EventId = LogEvents.Entities.UnknownEntityRefused, Level = LogLevel.Warning, Message = "Entity {EntityId}: {Kind} from {Sender} refused: no entity with this name is registered")]
    private partial void LogUnknownEntity(string entityId, WorkflowMessageKind kind, string? sender);

    [LoggerMessage(EventId = LogEvents.Entities.SignaledOperationFailed, Level = LogLevel.Information, Message = "Entity {EntityId}: signaled operation {Operation} from {Sender} failed (state rolled back): {Failure}")]
    private partial void LogSignalFailed(string entityId, string? operation, string? sender, string failure);

    [LoggerMessage(EventId = LogEvents.Entities.BehindTheStore, Level = LogLevel.Warning, Message = "Entity {EntityId}: the store is at version {StoredVersion}, this activation at {Version} (another activation of it wrote while the cluster changed); the activation reloads from the store")]
    private partial void LogBehindTheStore(string entityId, long version, long? storedVersion);

    [LoggerMessage(EventId = LogEvents.Entities.EntriesRecovered, Level = LogLevel.Warning, Message = "Entity {EntityId}: {Count} inbox entries in the store were never received by this activation (another activation of it appended them while the cluster changed); running them")]
    private partial void LogEntriesRecovered(string entityId, int count);
}
