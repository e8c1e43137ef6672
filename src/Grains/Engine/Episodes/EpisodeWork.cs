using OrleansWorkflows.Runtime;

namespace OrleansWorkflows.Engine;

/// <summary>A start waiting for its episode: from a client, a parent (sub-orchestration) or a continue-as-new.</summary>
internal sealed record StartWork(
    string Name, string? Input, string? Version, string? TraceParent, string? ParentInstanceId, string? ParentExecutionId, int? ParentTaskId)
{
    public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public OperationResult? Result { get; set; }

    /// <summary>A fixed execution id (continue-as-new commits it before the start runs), else a new one.</summary>
    public string? ExecutionId { get; init; }

    /// <summary>The client's request id of a start from a client (see <see cref="StartRequest.RequestId"/>).</summary>
    public string? RequestId { get; init; }

    /// <summary>A scheduled start: not run before this time (UTC); its Pending record is committed with
    /// <see cref="ExecutionId"/> fixed.</summary>
    public DateTime? NotBefore { get; init; }

    /// <summary>For a start sent by an entity: its (sender, sequence), recorded as applied by the start's commit.</summary>
    public (string Sender, long Sequence)? SenderMessage { get; init; }
}

/// <summary>The control operations; each runs as an episode of its own, in arrival order.</summary>
internal enum ControlKind
{
    Terminate,
    Suspend,
    Resume,
    Rewind,

    /// <summary>The parent was rewound: report to its new execution.</summary>
    Adopt,
}

/// <summary>A terminate, suspend, resume, rewind or adoption waiting for its episode.</summary>
internal sealed record ControlWork(ControlKind Kind, string? Reason, bool Recursive, string? NewParentExecutionId)
{
    public TaskCompletionSource<OperationResult> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The client's request id, recorded with the control's commit.</summary>
    public string? RequestId { get; init; }
}
