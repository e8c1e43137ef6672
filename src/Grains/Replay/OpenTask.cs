namespace OrleansWorkflows.Replay;

/// <summary>A durable task the orchestration code is (or may be) awaiting.</summary>
internal interface IOpenTask
{
    /// <summary>Completes the task with a JSON result.</summary>
    void Complete(string? json);

    /// <summary>Fails the task.</summary>
    void Fail(Exception exception);

    /// <summary>Cancels the task (timers and event waits).</summary>
    void Cancel();
}

/// <summary>
/// A durable task backed by a <see cref="TaskCompletionSource{T}"/> created WITHOUT
/// <see cref="TaskCreationOptions.RunContinuationsAsynchronously"/>: continuations must be queued to the orchestrator
/// scheduler synchronously while the executor pumps (with asynchronous continuations, Task.WhenAll over many durable
/// tasks resumed off the scheduler).
/// </summary>
internal sealed class OpenTask<T> : IOpenTask
{
    private readonly TaskCompletionSource<T> _source = new();

    public Task<T> Task => _source.Task;

    public void Complete(string? json)
    {
        T? value;
        try
        {
            value = WorkflowJson.Deserialize<T>(json);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or NotSupportedException or InvalidOperationException)
        {
            _source.TrySetException(new InvalidOperationException($"The result '{Truncate(json)}' cannot be read as {typeof(T).Name}: {ex.Message}", ex));
            return;
        }

        _source.TrySetResult(value!);
    }

    public void SetValue(T value) => _source.TrySetResult(value);

    public void Fail(Exception exception) => _source.TrySetException(exception);

    public void Cancel() => _source.TrySetCanceled();

    private static string? Truncate(string? s) => s is { Length: > 200 } ? s[..200] + "..." : s;
}
