using Microsoft.Extensions.Options;

namespace OrleansWorkflows.Storage.PostgreSql;

/// <summary>
/// Checks <see cref="PostgreSqlStoreOptions"/> when the silo or client starts (<c>ValidateOnStart</c>), also when they
/// were changed after <c>UsePostgreSqlWorkflowStore</c> or <c>UsePostgreSqlClustering</c> (e.g.
/// <c>services.Configure&lt;PostgreSqlStoreOptions&gt;</c>): every problem is reported at once, naming the option, its
/// value and what is allowed.
/// </summary>
public sealed class PostgreSqlStoreOptionsValidator : IValidateOptions<PostgreSqlStoreOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, PostgreSqlStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Problems() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}
