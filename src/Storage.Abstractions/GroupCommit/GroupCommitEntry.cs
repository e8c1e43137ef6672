namespace OrleansWorkflows.Storage;

/// <summary>
/// One queued write of a <see cref="GroupCommitQueue{TEntry}"/>: the backend decides its outcome inside the batch's
/// transaction (<see cref="Failure"/>, or a result), and the caller is answered only after that transaction committed
/// (<see cref="Complete"/>) or failed as a whole (<see cref="Fail"/>).
/// </summary>
public abstract class GroupCommitEntry
{
    /// <summary>A failure decided inside the transaction (e.g. a version conflict), delivered by <see cref="Complete"/>.</summary>
    public Exception? Failure { get; set; }

    /// <summary>Answers the caller with the outcome decided in the committed transaction.</summary>
    public abstract void Complete();

    /// <summary>Answers the caller with <paramref name="exception"/>: the transaction holding the write did not commit.</summary>
    /// <param name="exception">Why the batch failed.</param>
    public abstract void Fail(Exception exception);

    /// <summary>Forgets an outcome decided in a transaction that did not commit (before the write is tried again).</summary>
    public abstract void Reset();
}

/// <summary>A queued write whose caller waits for a <typeparamref name="T"/>.</summary>
/// <typeparam name="T">The result type.</typeparam>
public abstract class GroupCommitEntry<T> : GroupCommitEntry
{
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The outcome decided inside the transaction.</summary>
    public T? Result { get; set; }

    /// <summary>Completes when the transaction holding the write committed (or failed).</summary>
    public Task<T> Task => _completion.Task;

    /// <inheritdoc />
    public override void Complete()
    {
        if (Failure is null)
        {
            _completion.TrySetResult(Result!);
        }
        else
        {
            _completion.TrySetException(Failure);
        }
    }

    /// <inheritdoc />
    public override void Fail(Exception exception) => _completion.TrySetException(exception);

    /// <inheritdoc />
    public override void Reset() => (Failure, Result) = (null, default);
}
