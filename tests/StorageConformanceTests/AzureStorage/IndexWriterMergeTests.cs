using Azure;
using Azure.Data.Tables;
using OrleansWorkflows.Storage.AzureStorage;
using Xunit;

namespace OrleansWorkflows.StorageConformanceTests.AzureStorage;

/// <summary>
/// How <see cref="IndexWriter"/> merges the index changes that share a transaction: the last change of a row wins, and a
/// wake row the transaction creates and then deletes is not written; a row that may exist before is still deleted.
/// </summary>
public sealed class IndexWriterMergeTests
{
    [Fact]
    public void Merge_LastChangeOfARowWins()
    {
        var merged = IndexWriter.Merge([Upsert("q1", 1), Upsert("w1", 1), Upsert("q1", 2)]);

        Assert.Equal(["q1:2", "w1:1"], Describe(merged));
    }

    [Fact]
    public void Merge_AWakeRowCreatedAndDeletedAgain_IsNotWritten()
    {
        // Episode 2 moves the wake-up from w1 (stored before) to w2, episode 3 from w2 to w3.
        var merged = IndexWriter.Merge([Upsert("w2", 2), Upsert("q1", 2), Delete("w1"), Upsert("w3", 3), Upsert("q1", 3), Delete("w2")]);

        Assert.Equal(["q1:3", "w1:delete", "w3:3"], Describe(merged));
    }

    [Fact]
    public void Merge_ARowDeletedFirst_IsDeletedLast_EvenWhenUpsertedBetween()
    {
        var merged = IndexWriter.Merge([Delete("w1"), Upsert("w1", 2), Delete("w1")]);

        Assert.Equal(["w1:delete"], Describe(merged));
    }

    [Fact]
    public void Merge_AQueryRowUpsertedThenDeleted_IsDeleted()
    {
        // A query row's key is reused by every commit of an execution: it may be stored before the transaction.
        var merged = IndexWriter.Merge([Upsert("q1", 1), Delete("q1")]);

        Assert.Equal(["q1:delete"], Describe(merged));
    }

    [Fact]
    public void Merge_AWakeRowDeletedThenCreatedAgain_IsWritten()
    {
        var merged = IndexWriter.Merge([Upsert("w1", 1), Delete("w1"), Upsert("w1", 3)]);

        Assert.Equal(["w1:3"], Describe(merged));
    }

    private static TableTransactionAction Upsert(string key, int value) =>
        new(TableTransactionActionType.UpsertReplace, new TableEntity("s0", key) { ["V"] = value });

    private static TableTransactionAction Delete(string key) =>
        new(TableTransactionActionType.Delete, new TableEntity("s0", key), ETag.All);

    private static string[] Describe(List<TableTransactionAction> actions) =>
        [.. actions
            .Select(a => a.Entity.RowKey + ":" + (a.ActionType == TableTransactionActionType.Delete ? "delete" : ((TableEntity)a.Entity).GetInt32("V")!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .Order(StringComparer.Ordinal)];
}
