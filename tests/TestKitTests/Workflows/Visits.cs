namespace OrleansWorkflows.TestKitTests.Workflows;

/// <summary>A visit counter per page.</summary>
public sealed class PageVisits : TaskEntity<int>
{
    /// <summary>Counts one visit.</summary>
    public void Visit() => State++;

    /// <summary>The visits so far.</summary>
    public int Get() => State;
}

/// <summary>Records as many visits of a page as its input says (calls, so each one is applied before the next), then reads the count.</summary>
public sealed class RecordVisits : TaskOrchestrator<int, int>
{
    /// <inheritdoc />
    public override async Task<int> RunAsync(OrchestrationContext context, int input)
    {
        ArgumentNullException.ThrowIfNull(context);
        var page = new EntityId(nameof(PageVisits), "home");
        for (var i = 0; i < input; i++)
        {
            await context.CallEntityAsync(page, nameof(PageVisits.Visit));
        }

        return await context.CallEntityAsync<int>(page, nameof(PageVisits.Get));
    }
}
