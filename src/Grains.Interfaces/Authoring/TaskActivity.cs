namespace OrleansWorkflows;

/// <summary>What an activity knows about the call that runs it.</summary>
public sealed class ActivityContext
{
    /// <summary>Creates a context (the engine does this; tests may too).</summary>
    /// <param name="name">The activity name.</param>
    /// <param name="instanceId">The calling orchestration instance.</param>
    /// <param name="taskId">The sequence number of the call in the orchestration.</param>
    /// <param name="attempt">The attempt number, 1 for the first.</param>
    /// <param name="cancellationToken">Signals that the host is shutting down.</param>
    public ActivityContext(string name, string instanceId, int taskId, int attempt, CancellationToken cancellationToken = default)
    {
        Name = name;
        InstanceId = instanceId;
        TaskId = taskId;
        Attempt = attempt;
        CancellationToken = cancellationToken;
    }

    /// <summary>The registered activity name.</summary>
    public string Name { get; }

    /// <summary>The orchestration instance that called the activity.</summary>
    public string InstanceId { get; }

    /// <summary>The sequence number of this call in the orchestration's history.</summary>
    public int TaskId { get; }

    /// <summary>The attempt number under the caller's retry policy: 1 for the first attempt.</summary>
    public int Attempt { get; }

    /// <summary>Canceled when the host shuts down; the activity will run again elsewhere.</summary>
    public CancellationToken CancellationToken { get; }
}

/// <summary>The untyped contract the engine runs; implement <see cref="TaskActivity{TInput,TOutput}"/> instead.</summary>
public interface ITaskActivity
{
    /// <summary>Runs the activity with a JSON input and returns a JSON output (or <c>null</c>).</summary>
    /// <param name="context">The activity context.</param>
    /// <param name="input">The JSON input.</param>
    Task<string?> RunAsync(ActivityContext context, string? input);
}

/// <summary>
/// Base class of a class-based activity: the unit of real work (I/O, computation, side effects). Activities get
/// dependency injection through their constructor. They run <b>at least once</b>: after a crash or a lost result the
/// engine runs the call again, so make them idempotent. A thrown exception becomes a <see cref="TaskFailedException"/>
/// in the calling orchestration (and is retried when the caller passed a <see cref="RetryPolicy"/>).
/// </summary>
/// <typeparam name="TInput">The input type.</typeparam>
/// <typeparam name="TOutput">The output type.</typeparam>
public abstract class TaskActivity<TInput, TOutput> : ITaskActivity
{
    /// <summary>The activity body.</summary>
    /// <param name="context">The activity context.</param>
    /// <param name="input">The input.</param>
    public abstract Task<TOutput> RunAsync(ActivityContext context, TInput input);

    /// <inheritdoc />
    async Task<string?> ITaskActivity.RunAsync(ActivityContext context, string? input)
    {
        var output = await RunAsync(context, WorkflowJson.Deserialize<TInput>(input)!);
        return WorkflowJson.Serialize(output);
    }
}

/// <summary>An activity written as a delegate.</summary>
internal sealed class FuncActivity<TInput, TOutput>(Func<ActivityContext, TInput, Task<TOutput>> body) : TaskActivity<TInput, TOutput>
{
    public override Task<TOutput> RunAsync(ActivityContext context, TInput input) => body(context, input);
}
