using Microsoft.Extensions.Logging;

namespace OrleansWorkflows.Engine;

/// <summary>
/// Every call into an engine grain (orchestration, entity, management and query, activity worker, background jobs)
/// passes here: a store failure leaves it as <see cref="Runtime.StoreUnavailableException"/> (see
/// <see cref="StoreErrors"/>), logged once with the original exception.
/// </summary>
internal sealed partial class StoreErrorCallFilter(ILogger<StoreErrorCallFilter> logger) : IIncomingGrainCallFilter
{
    private static readonly System.Reflection.Assembly Engine = typeof(StoreErrorCallFilter).Assembly;

    public Task Invoke(IIncomingGrainCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Task call;
        try
        {
            call = context.Invoke();
        }
        catch (Exception ex)
        {
            call = Task.FromException(ex);
        }

        return call.IsCompletedSuccessfully ? Task.CompletedTask : TranslateAsync(call, context);
    }

    private async Task TranslateAsync(Task call, IIncomingGrainCallContext context)
    {
        try
        {
            await call;
        }
        catch (Exception ex) when (context.Grain?.GetType().Assembly == Engine && StoreErrors.Translate(ex) is { } translated)
        {
            LogTranslated(ex, context.TargetId.ToString(), context.InterfaceMethod?.Name ?? "?");
            throw translated;
        }
    }

    [LoggerMessage(EventId = LogEvents.Store.StoreFailed, Level = LogLevel.Warning, Message = "{Grain}.{Method}: the workflow store failed; the caller gets a retryable StoreUnavailableException")]
    private partial void LogTranslated(Exception exception, string grain, string method);
}
