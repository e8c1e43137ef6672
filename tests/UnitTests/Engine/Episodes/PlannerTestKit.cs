using System.Text.Json;
using OrleansWorkflows.Engine;
using OrleansWorkflows.Replay;
using OrleansWorkflows.Runtime;
using OrleansWorkflows.Storage;

namespace OrleansWorkflows.UnitTests.Engine.Episodes;

/// <summary>A planner on a fixed clock and predictable execution ids, and hand-built instances for it.</summary>
internal sealed class PlannerTestKit
{
    public static readonly DateTime Now = new(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);
    public static readonly TimeSpan Recovery = TimeSpan.FromSeconds(30);
    private int _ids;

    public PlannerTestKit(string instanceId = "orders-1") =>
        Planner = new EpisodePlanner(instanceId, new WakeRules(Recovery, TimeSpan.FromMinutes(2), () => Now), () => $"exec-{++_ids}");

    public EpisodePlanner Planner { get; }

    public static InstanceRecord Record(OrchestrationRuntimeStatus status, string? parent = null) => new()
    {
        InstanceId = "orders-1",
        Name = "Order",
        ExecutionId = "exec-0",
        Status = status,
        Input = "\"in\"",
        ParentInstanceId = parent,
        CreatedAt = Now.AddMinutes(-5),
        LastUpdatedAt = Now.AddMinutes(-1),
        Version = 7,
    };

    public static InstanceView View(InstanceRecord? record, EngineState? state = null, IExecutionView? execution = null, int undelivered = 0) =>
        new(record, state ?? new EngineState(), HistoryCount: 4, undelivered, InboxSeen: 0, execution);

    public static InboxEntry Inbox(long id, WorkflowMessage message, string? sender = null, long sequence = 0) =>
        new(id, JsonSerializer.Serialize(message, WorkflowJson.Options), sender, sequence);

    public static WorkflowMessage Message(OutboxEntry entry) => JsonSerializer.Deserialize<WorkflowMessage>(entry.MessageJson, WorkflowJson.Options)!;
}

/// <summary>An execution described by hand (what the planner reads of one).</summary>
internal sealed class FakeExecution : IExecutionView
{
    public ExecutionOutcome? Outcome { get; init; }

    public string? CustomStatus { get; init; }

    public IReadOnlyList<EntityId> HeldEntityLocks { get; init; } = [];

    public IReadOnlyList<OrchestratorAction> Open { get; init; } = [];

    public IEnumerable<OrchestratorAction> OpenActions => Open;
}
