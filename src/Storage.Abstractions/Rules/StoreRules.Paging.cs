namespace OrleansWorkflows.Storage;

public static partial class StoreRules
{
    /// <summary>The largest <see cref="InstanceQuery.PageSize"/>.</summary>
    public const int MaxPageSize = 1000;

    /// <summary>Checks a query before it runs.</summary>
    /// <param name="query">The query.</param>
    /// <exception cref="ArgumentOutOfRangeException">The page size is not 1 to <see cref="MaxPageSize"/>.</exception>
    public static void CheckQuery(InstanceQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.PageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.PageSize, MaxPageSize);
    }

    /// <summary>How many rows a store reads for one page: one more than the page, to know whether another follows.</summary>
    /// <param name="query">The query.</param>
    public static int RowsToRead(InstanceQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return query.PageSize + 1;
    }

    /// <summary>
    /// The page of <paramref name="rows"/> (read in query order, at most <see cref="RowsToRead"/>): the first
    /// <paramref name="pageSize"/> records, and a continuation token after the last of them when more rows were read.
    /// Trims <paramref name="rows"/> in place.
    /// </summary>
    /// <param name="rows">The rows read.</param>
    /// <param name="pageSize">The page size.</param>
    public static InstancePage TrimPage(List<InstanceRecord> rows, int pageSize)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var more = rows.Count > pageSize;
        if (more)
        {
            rows.RemoveRange(pageSize, rows.Count - pageSize);
        }

        return new InstancePage(rows, more ? QueryCursor.After(rows[^1]) : null);
    }

    /// <summary>
    /// A record as a query returns it: never the engine state; input, output and custom status only when
    /// <paramref name="includeInputsAndOutputs"/> (a failed instance's output, its failure details, always). SQL form:
    /// <see cref="SqlInstanceFilter.QueryColumns"/>.
    /// </summary>
    /// <param name="record">The stored record.</param>
    /// <param name="includeInputsAndOutputs">Whether payloads are returned.</param>
    public static InstanceRecord ForQuery(InstanceRecord record, bool includeInputsAndOutputs)
    {
        ArgumentNullException.ThrowIfNull(record);
        return includeInputsAndOutputs
            ? record with { EngineState = null }
            : record with
            {
                Input = null, CustomStatus = null, EngineState = null, Output = record.Status == OrchestrationRuntimeStatus.Failed ? record.Output : null,
            };
    }
}
