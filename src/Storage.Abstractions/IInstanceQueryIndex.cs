namespace OrleansWorkflows.Storage;

/// <summary>The query index over instances: filtered, paged listing (page rules in <see cref="StoreRules"/>).</summary>
public interface IInstanceQueryIndex
{
    /// <summary>
    /// Lists instances matching <paramref name="query"/>, one page at a time, from the instance index. Reads payloads only
    /// when <see cref="InstanceQuery.IncludeInputsAndOutputs"/> asks for them, and never the engine state; an id prefix is
    /// searched as a range of the primary key.
    /// </summary>
    /// <param name="query">The filter and page.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="FormatException">The continuation token is not valid.</exception>
    Task<InstancePage> QueryAsync(InstanceQuery query, CancellationToken cancellationToken = default);
}
