using Azure;
using Azure.Data.Tables;

namespace OrleansWorkflows.Storage.AzureStorage;

public sealed partial class AzureWorkflowStore
{
    /// <summary>Completes once every index change this store queued before the call has landed (tests; queries and the
    /// sweep do it first, so this process reads its own index changes).</summary>
    internal Task WhenIndexWrittenAsync() => _index.FlushAsync();

    /// <summary>The index transactions this store submitted for instance writes (tests and diagnostics).</summary>
    internal long IndexTransactions => _index.Transactions;

    /// <summary>
    /// Writes index rows the sweep rebuilt. A failure is left to the row that triggered it (it is deleted last, so the
    /// next sweep finds it again).
    /// </summary>
    private async Task SubmitIndexQuietlyAsync(List<TableTransactionAction> actions)
    {
        try
        {
            await SubmitAsync(_account.Index, actions);
        }
        catch (RequestFailedException)
        {
            // Repaired by the sweep (IndexRows: repair rows).
        }
    }

    /// <summary>
    /// Submits <paramref name="actions"/> (rows of one partition) as one transaction; when a delete finds its row gone
    /// (which fails the whole transaction), applies them one by one, ignoring rows already gone.
    /// </summary>
    internal static async Task SubmitAsync(TableClient table, List<TableTransactionAction> actions)
    {
        if (actions.Count == 0)
        {
            return;
        }

        foreach (var chunk in actions.Chunk(AzureLimits.MaxBatchOperations))
        {
            try
            {
                await table.SubmitTransactionAsync(chunk);
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                foreach (var action in chunk)
                {
                    await ApplyAloneAsync(table, action);
                }
            }
        }
    }

    private static async Task ApplyAloneAsync(TableClient table, TableTransactionAction action)
    {
        try
        {
            if (action.ActionType == TableTransactionActionType.Delete)
            {
                await table.DeleteEntityAsync(action.Entity.PartitionKey, action.Entity.RowKey, action.ETag);
            }
            else
            {
                await table.UpsertEntityAsync(action.Entity, TableUpdateMode.Replace);
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Already gone.
        }
    }
}
