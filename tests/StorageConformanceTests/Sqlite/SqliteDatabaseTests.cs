using Microsoft.Data.Sqlite;
using OrleansWorkflows.Storage;
using OrleansWorkflows.Storage.Sqlite;
using Xunit;

namespace OrleansWorkflows.StorageConformanceTests.Sqlite;

/// <summary>The SQLite file itself: durability across reopening, migrations, settings, group commit, bad paths.</summary>
public sealed class SqliteDatabaseTests : IDisposable
{
    private static readonly DateTime T0 = new(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);
    private readonly TempSqliteDatabase _file = new();

    public void Dispose() => _file.Dispose();

    [Fact]
    public async Task Reopen_SameFile_KeepsInstancesHistoryInboxAndReminders()
    {
        var store = new SqliteWorkflowStore(_file.Database);
        await store.CommitAsync(Start("a", "h1", "h2") with { AddOutbox = [new OutboxEntry(1, "peer", "o1")] });
        await store.AppendInboxAsync("a", "m1", "s", 1);
        var etag = await new SqliteReminderTable(_file.Database).UpsertRow(new ReminderEntry
        {
            GrainId = GrainId.Create("test", "g"), ReminderName = "r", StartAt = T0, Period = TimeSpan.FromMinutes(1),
        });

        var reopened = _file.Reopen();

        var snapshot = await new SqliteWorkflowStore(reopened).LoadAsync("a");
        Assert.Equal(["h1", "h2"], snapshot!.History);
        Assert.Equal(["m1"], snapshot.Inbox.Select(e => e.MessageJson));
        Assert.Equal([new OutboxEntry(1, "peer", "o1")], snapshot.Outbox);
        Assert.Equal(etag, (await new SqliteReminderTable(reopened).ReadRow(GrainId.Create("test", "g"), "r"))!.ETag);
    }

    [Fact]
    public void Open_NewFile_IsWalAtTheLatestSchemaVersion_AndReopeningMigratesNothing()
    {
        _file.Reopen();

        using var connection = new SqliteConnection($"Data Source={_file.Path}");
        connection.Open();
        Assert.Equal("wal", Pragma(connection, "journal_mode"));
        Assert.Equal((long)SqliteMigrations.LatestVersion, Pragma(connection, "user_version"));
    }

    [Fact]
    public async Task Open_FileOfANewerSchema_FailsClearly()
    {
        using (var connection = new SqliteConnection($"Data Source={_file.Path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA user_version = {SqliteMigrations.LatestVersion + 1}";
            await command.ExecuteNonQueryAsync();
        }

        var error = Assert.Throws<InvalidOperationException>(() => _file.Reopen());
        Assert.Contains("newer build", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_PathThatIsADirectory_FailsNamingThePath()
    {
        var database = new SqliteDatabase(new SqliteStoreOptions { ConnectionString = _file.Directory });

        var error = Assert.Throws<InvalidOperationException>(database.EnsureReady);

        Assert.Contains(_file.Directory, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData(":memory:")]
    [InlineData("Data Source=x.db;Mode=Memory")]
    [InlineData("Data Source=x.db;NoSuchKey=1")]
    public void Options_Unusable_FailValidation(string connectionString) =>
        Assert.Throws<InvalidOperationException>(() => new SqliteStoreOptions { ConnectionString = connectionString }.Validate());

    [Fact]
    public async Task Commit_ManyAtOnce_AreGroupedIntoFewTransactions_AndConflictsFailAlone()
    {
        var store = new SqliteWorkflowStore(_file.Database);
        var before = _file.Database.Writer.Transactions;

        var commits = Enumerable.Range(0, 200).Select(i => store.CommitAsync(Start($"i{i % 150}", "h1"))).ToList();
        var results = await Task.WhenAll(commits.Select(async c =>
        {
            try
            {
                return await c;
            }
            catch (ConcurrencyException)
            {
                return -1;
            }
        }));

        Assert.Equal(150, results.Count(v => v == 1));
        Assert.Equal(50, results.Count(v => v == -1));
        Assert.True(_file.Database.Writer.Transactions - before < 200, "writes waiting together share a transaction");
        Assert.Equal(150, (await store.QueryAsync(new InstanceQuery { PageSize = 1000 })).Instances.Count);
    }

    [Fact]
    public async Task Commit_RowsWrittenPerEpisode_StayFlatOver1000Episodes()
    {
        var store = new SqliteWorkflowStore(_file.Database);
        await store.CommitAsync(Start("long", "h0"));
        var rowsPerEpisode = new List<long>();
        for (var i = 1; i <= 1000; i++)
        {
            var before = await TotalChangesAsync();
            await store.CommitAsync(new InstanceCommit
            {
                Record = (await store.GetRecordAsync("long"))! with { LastUpdatedAt = T0.AddSeconds(i) },
                ExpectedVersion = i,
                HistoryCountBefore = i,
                AppendHistory = [$"h{i}"],
            });
            rowsPerEpisode.Add(await TotalChangesAsync() - before);
        }

        // One history row and the instance row, whether the history holds 1 event or 1,000: nothing is rewritten.
        Assert.All(rowsPerEpisode, rows => Assert.Equal(2, rows));
        Assert.Equal(1001, (await store.ReadHistoryAsync("long")).Count);
    }

    private Task<long> TotalChangesAsync() =>
        _file.Database.Writer.WriteAsync((connection, transaction) => (long)connection.Scalar(transaction, "SELECT total_changes()")!);

    private static object Pragma(SqliteConnection connection, string name)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {name}";
        return command.ExecuteScalar()!;
    }

    private static InstanceCommit Start(string id, params string[] history) => new()
    {
        Record = new InstanceRecord
        {
            InstanceId = id, Name = "O", ExecutionId = "e1", Status = OrchestrationRuntimeStatus.Running, CreatedAt = T0, LastUpdatedAt = T0,
        },
        ExpectedVersion = 0,
        ReplaceHistory = true,
        AppendHistory = history,
    };
}
