using OrleansWorkflows.Runtime;

namespace OrleansWorkflows.Entities;

/// <summary>What one operation did: the state after it (unchanged when it failed), its result or failure, and the messages to send.</summary>
internal sealed record EntityOperationResult(
    string? StateJson, string? ResultJson, FailureDetails? Failure, IReadOnlyList<(string Receiver, WorkflowMessage Message)> Outgoing);

/// <summary>
/// Runs one entity operation against a state (pure apart from the user's code): a thrown exception, an unknown entity
/// or an oversized result leaves the state as it was and sends nothing.
/// </summary>
internal sealed class EntityOperationRunner(WorkflowRegistry registry, IServiceProvider services, int maxPayloadLength)
{
    public async Task<EntityOperationResult> RunAsync(EntityId id, string operation, string? inputJson, string? stateJson)
    {
        var context = new EntityOperationContext(id, operation);
        var state = new TaskEntityState(stateJson);
        try
        {
            var entity = registry.CreateEntity(id.Name, services)
                ?? throw new InvalidOperationException($"No entity named '{id.Name}' is registered.");
            var result = WorkflowJson.Serialize(await entity.DispatchAsync(new TaskEntityOperation(operation, inputJson, state, context)));
            CheckSize("result", result);
            CheckSize("new state", state.Json);
            return new EntityOperationResult(state.Json, result, null, [.. context.Outgoing]);
        }
        catch (Exception ex)
        {
            return new EntityOperationResult(stateJson, null, FailureDetails.FromException(ex), []);
        }
    }

    private void CheckSize(string what, string? json)
    {
        if (json is { Length: var length } && length > maxPayloadLength)
        {
            throw new InvalidOperationException($"The operation's {what} has {length} characters of JSON; the limit is {maxPayloadLength}.");
        }
    }
}
