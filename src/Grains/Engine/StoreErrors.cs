using System.Data.Common;
using System.Net.Sockets;
using OrleansWorkflows.Runtime;

namespace OrleansWorkflows.Engine;

/// <summary>
/// The engine/store boundary for errors: a store's own exceptions (Npgsql's and SQLite's <see cref="DbException"/>s,
/// I/O and socket errors) never leave a grain as they are — a caller may have no codec for them — but as the engine's
/// serializable <see cref="StoreUnavailableException"/>, which clients retry as transient.
/// </summary>
internal static class StoreErrors
{
    /// <summary>
    /// The exception to send to the caller instead of <paramref name="exception"/>, or <c>null</c> to send it as it is:
    /// a store failure (anywhere in the chain of inner exceptions) becomes <see cref="StoreUnavailableException"/>; an
    /// engine exception that carries one as its cause keeps its type and message without it.
    /// </summary>
    public static Exception? Translate(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception is StoreUnavailableException { InnerException: null })
        {
            return null;
        }

        if (Cause(exception) is not { } cause)
        {
            return null;
        }

        var detail = $"{cause.GetType().Name}: {cause.Message}";
        return exception switch
        {
            InstanceReloadingException => new InstanceReloadingException($"{exception.Message} ({detail})"),
            StoreUnavailableException => new StoreUnavailableException(exception.Message),
            _ => new StoreUnavailableException($"The workflow store failed ({detail}); nothing was acknowledged, retry the call."),
        };
    }

    /// <summary>Runs <paramref name="work"/>, throwing a store failure as <see cref="StoreUnavailableException"/> (for activation, which no call filter sees).</summary>
    public static async Task GuardAsync(Func<Task> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        try
        {
            await work();
        }
        catch (Exception ex) when (Translate(ex) is { } translated)
        {
            throw translated;
        }
    }

    private static Exception? Cause(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is DbException or IOException or SocketException)
            {
                return current;
            }
        }

        return null;
    }
}
