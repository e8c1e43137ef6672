using System.Text.Json.Serialization;

namespace OrleansWorkflows;

/// <summary>
/// Describes a failure of an activity, a sub-orchestration or an orchestration: the exception type, message, stack
/// trace and the failure that caused it. It is recorded in history and is part of the persisted JSON contract.
/// </summary>
/// <param name="ErrorType">The full name of the exception type.</param>
/// <param name="ErrorMessage">The exception message.</param>
/// <param name="StackTrace">The stack trace where the failure was raised, if known.</param>
/// <param name="InnerFailure">The failure that caused this one, if any.</param>
[GenerateSerializer, Immutable, Alias("ow.FailureDetails")]
public sealed record FailureDetails(
    [property: Id(0), JsonPropertyName("errorType")] string ErrorType,
    [property: Id(1), JsonPropertyName("errorMessage")] string ErrorMessage,
    [property: Id(2), JsonPropertyName("stackTrace")] string? StackTrace = null,
    [property: Id(3), JsonPropertyName("innerFailure")] FailureDetails? InnerFailure = null)
{
    /// <summary>Builds failure details from an exception, including its inner exceptions.</summary>
    /// <param name="exception">The exception to describe.</param>
    public static FailureDetails FromException(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception is TaskFailedException taskFailed)
        {
            // Keep the chain readable: a task failure wraps the failure of the task that failed.
            return new FailureDetails(
                typeof(TaskFailedException).FullName!, taskFailed.Message, taskFailed.StackTrace, taskFailed.FailureDetails);
        }

        return new FailureDetails(
            exception.GetType().FullName ?? exception.GetType().Name,
            exception.Message,
            exception.StackTrace,
            exception.InnerException is null ? null : FromException(exception.InnerException));
    }

    /// <summary>True when this failure (not its inner failures) was raised by an exception of type <typeparamref name="T"/> or a subtype.</summary>
    /// <typeparam name="T">The exception type to test for.</typeparam>
    public bool IsCausedBy<T>()
        where T : Exception
    {
        var wanted = typeof(T);
        for (var type = Type.GetType(ErrorType, throwOnError: false) ?? FindLoadedType(ErrorType); type is not null; type = type.BaseType)
        {
            if (type == wanted)
            {
                return true;
            }
        }

        return string.Equals(ErrorType, wanted.FullName, StringComparison.Ordinal);
    }

    /// <inheritdoc />
    public override string ToString() =>
        InnerFailure is null ? $"{ErrorType}: {ErrorMessage}" : $"{ErrorType}: {ErrorMessage} ---> {InnerFailure}";

    private static Type? FindLoadedType(string fullName)
    {
        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
        {
            var type = assembly.GetType(fullName, throwOnError: false);
            if (type is not null)
            {
                return type;
            }
        }

        return null;
    }
}
