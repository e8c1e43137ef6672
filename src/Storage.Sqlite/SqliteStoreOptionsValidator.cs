using Microsoft.Extensions.Options;

namespace OrleansWorkflows.Storage.Sqlite;

/// <summary>
/// Checks <see cref="SqliteStoreOptions"/> when the silo starts (<c>ValidateOnStart</c>), also when they were changed
/// after <c>UseSqliteWorkflowStore</c> (e.g. <c>services.Configure&lt;SqliteStoreOptions&gt;</c>): every problem is
/// reported at once, naming the option, its value and what is allowed.
/// </summary>
public sealed class SqliteStoreOptionsValidator : IValidateOptions<SqliteStoreOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, SqliteStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Problems() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}
