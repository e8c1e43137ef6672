using System.Diagnostics;
using OrleansWorkflows.Runtime;

namespace OrleansWorkflows;

/// <summary>Retrying transient cluster errors within a time budget, and the request ids that make retries safe.</summary>
public sealed partial class WorkflowClient
{
    /// <summary>The longest request id.</summary>
    public const int MaxRequestIdLength = 128;

    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long one operation may take, transient cluster errors retried with backoff included (a killed silo takes
    /// several seconds to be declared dead), before the last error is thrown. One attempt may take half of it: an
    /// attempt stuck on a silo that died is abandoned and repeated (with the same ids) while there is time, and an
    /// attempt that has not answered when the budget runs out is abandoned with a <see cref="TimeoutException"/>.
    /// Default 30 seconds.
    /// </summary>
    public TimeSpan TransientRetryBudget { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A client over the same cluster that gives up after <paramref name="budget"/> (e.g. a quick health probe).</summary>
    /// <param name="budget">The <see cref="TransientRetryBudget"/> of the new client.</param>
    /// <returns>The new client.</returns>
    public WorkflowClient WithTransientRetryBudget(TimeSpan budget) => new(_grains) { TransientRetryBudget = budget, CompletionWaitSlice = CompletionWaitSlice };

    /// <summary>
    /// Whether <paramref name="exception"/> is a transient cluster error worth retrying: a silo that died or is being
    /// declared dead, a lost connection, a timeout, an instance reloading after a conflict, or a store that failed for
    /// the moment on the silo that ran the call (<see cref="StoreUnavailableException"/>, as which the engine reports its
    /// store's errors; an I/O error or a database error the provider marks transient from an older silo), or a
    /// plain <see cref="OrleansException"/> (the runtime's own errors while membership changes, such as a grain
    /// directory whose owner just died). Every operation retried here is idempotent or carries ids the engine deduplicates.
    /// </summary>
    /// <param name="exception">The error.</param>
    public static bool IsTransient(Exception exception) =>
        exception.GetType() == typeof(OrleansException) || exception is TimeoutException or SiloUnavailableException or OrleansMessageRejectionException or InstanceReloadingException or StoreUnavailableException
            or GatewayTooBusyException or Orleans.Runtime.Messaging.ConnectionFailedException or IOException
            or System.Data.Common.DbException { IsTransient: true };

    /// <summary>
    /// Runs <paramref name="call"/>, retrying transient errors with exponential backoff until <see cref="TransientRetryBudget"/>
    /// is spent. Ids the call sends are fixed by the caller before the first attempt, so a retry repeats the same request.
    /// </summary>
    private async Task<T> RetryTransientAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken, TimeSpan minAttemptTime = default)
    {
        var started = Stopwatch.StartNew();
        var delay = FirstRetryDelay;
        while (true)
        {
            var remaining = TransientRetryBudget - started.Elapsed;
            try
            {
                var limit = remaining < TransientRetryBudget / 2 ? remaining : TransientRetryBudget / 2;
                limit = limit > minAttemptTime ? limit : minAttemptTime;
                return await call().WaitAsync(limit > TimeSpan.Zero ? limit : TimeSpan.Zero, cancellationToken);
            }
            catch (Exception ex) when (IsTransient(ex) && started.Elapsed + delay < TransientRetryBudget)
            {
                await Task.Delay(delay, cancellationToken);
                delay = delay * 2 < MaxRetryDelay ? delay * 2 : MaxRetryDelay;
            }
        }
    }

    /// <summary>Checks what an event or a signal carries: a name, a JSON payload and an optional request id.</summary>
    private static void CheckMessage(string nameKind, string name, string payloadKind, string? payloadJson, string? requestId)
    {
        CheckRequestId(requestId);
        if (string.IsNullOrWhiteSpace(name) || name.Length > 256 || name.Any(char.IsControl))
        {
            throw new WorkflowClientException(OperationOutcome.InvalidInput, $"The {nameKind} must be 1-256 characters without control characters.");
        }

        if (WorkflowJson.Validate(payloadJson) is { } jsonError)
        {
            throw new WorkflowClientException(OperationOutcome.InvalidInput, $"The {payloadKind} is not valid JSON: {jsonError}");
        }
    }

    private static void CheckRequestId(string? requestId)
    {
        if (requestId is not null && (requestId.Length is 0 or > MaxRequestIdLength || requestId.Any(char.IsControl)))
        {
            throw new WorkflowClientException(
                OperationOutcome.InvalidInput, $"The request id must be 1-{MaxRequestIdLength} characters without control characters.");
        }
    }
}
