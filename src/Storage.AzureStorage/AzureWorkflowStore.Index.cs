using Azure;
using Azure.Data.Tables;

namespace OrleansWorkflows.Storage.AzureStorage;

public sealed partial class AzureWorkflowStore
{
    /// <summary>Writes index rows that must exist before a transaction (a failure fails the round: nothing is committed).</summary>
    private Task SubmitIndexAsync(List<TableTransactionAction> actions) => SubmitAsync(_account.Index, actions);

    /// <summary>
    /// Writes the index rows that follow a committed transaction. A failure is left to the repair row (the recovery sweep
    /// rebuilds the instance's index rows from its status row when the repair row falls due).
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
