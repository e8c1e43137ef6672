using Azure;
using Azure.Data.Tables;

namespace OrleansWorkflows.Storage.AzureStorage;

/// <summary>
/// The workflow store on Azure Tables, with long payloads in Blobs. Each instance is one partition of the instances
/// table: its status row (<see cref="StatusRow"/>), its history, inbox and outbox chunk rows (<see cref="Chunks"/>) and
/// the markers of received sequence numbers and client request ids. Every write of an instance — an episode's commit,
/// an inbox append, a wake-up change, an outbox removal, a purge — is one entity-group transaction conditional on the
/// status row's ETag, so an instance is never half-written; the writes of one instance waiting together share one
/// transaction (<see cref="PartitionWriter"/>), and different instances write in parallel. The query and wake index
/// (<see cref="IndexRows"/>) is a second table, written around each commit by shard (<see cref="IndexWriter"/>, only what
/// a crash must find before the transaction, see <see cref="IndexChange"/>) and repaired by the recovery sweep when a
/// process died in between.
/// </summary>
public sealed partial class AzureWorkflowStore : IWorkflowStore, IAsyncDisposable
{
    private const int MaxReadAttempts = 8;
    private readonly AzureStorageAccount _account;
    private readonly Payloads _payloads;
    private readonly PartitionWriter _writer;
    private readonly IndexWriter _index;
    private readonly TimeProvider _time;
    private readonly StatusCache _statusCache = new();
    private long _transactions;

    /// <summary>Creates the store over <paramref name="account"/>.</summary>
    /// <param name="account">The storage account (tables and container are created when missing).</param>
    /// <param name="timeProvider">The clock of index repairs (default: the system clock).</param>
    public AzureWorkflowStore(AzureStorageAccount account, TimeProvider? timeProvider = null)
    {
        _account = account ?? throw new ArgumentNullException(nameof(account));
        _payloads = new Payloads(account.Payloads);
        _time = timeProvider ?? TimeProvider.System;
        _writer = new PartitionWriter(WriteRoundAsync);
        _index = new IndexWriter(account.Index);
    }

    /// <summary>The storage account of this store.</summary>
    public AzureStorageAccount Account => _account;

    /// <summary>The number of entity-group transactions this store committed for instance writes (tests and diagnostics).</summary>
    public long Transactions => Interlocked.Read(ref _transactions);

    private TableClient Instances => _account.Instances;

    /// <summary>Waits for the index changes and the garbage collection started by earlier writes.</summary>
    public async ValueTask DisposeAsync()
    {
        await _index.FlushAsync();
        await _cleanup.WhenIdleAsync();
        await _orphanScan.WhenIdleAsync();
    }

    /// <inheritdoc />
    public async Task<InstanceSnapshot?> LoadAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        await _account.EnsureReadyAsync(cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            var status = await ReadStatusAsync(instanceId, cancellationToken);
            _statusCache.KeepRead(instanceId, status);
            if (status is null)
            {
                return null;
            }

            try
            {
                if (await ReadPartsAsync(status, new RowsWanted((0, status.HistoryCount), Inbox: true, Outbox: true), cancellationToken) is { } parts)
                {
                    var record = await status.ReadPayloadsAsync(_payloads, StatusRow.PayloadNames, cancellationToken);
                    return new InstanceSnapshot(record, parts.History, parts.Inbox, parts.Outbox);
                }
            }
            catch (RequestFailedException ex) when (ex.Status == 404 && attempt < MaxReadAttempts)
            {
                // A blob of rows a later write made garbage was collected meanwhile: read the newer state.
            }

            if (attempt >= MaxReadAttempts)
            {
                throw new InvalidOperationException($"Instance '{instanceId}' changed during each of {MaxReadAttempts} reads.");
            }
        }
    }

    /// <inheritdoc />
    public async Task<InstanceRecord?> GetRecordAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        await _account.EnsureReadyAsync(cancellationToken);
        return await ReadRecordAsync(instanceId, StatusRow.PayloadNames, cancellationToken);
    }

    /// <summary>
    /// The record with the payloads <paramref name="names"/> (read from their blobs), or <c>null</c>. A blob a newer
    /// write made garbage may be collected between the two reads: then the newer record is read.
    /// </summary>
    private async Task<InstanceRecord?> ReadRecordAsync(string instanceId, IReadOnlyCollection<string> names, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var status = await ReadStatusAsync(instanceId, cancellationToken);
            try
            {
                return status is null ? null : await status.ReadPayloadsAsync(_payloads, names, cancellationToken);
            }
            catch (RequestFailedException ex) when (ex.Status == 404 && attempt < MaxReadAttempts)
            {
                // Read the newer record.
            }
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> ReadHistoryAsync(string instanceId, int skip = 0, int take = int.MaxValue, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        ArgumentOutOfRangeException.ThrowIfNegative(take);
        await _account.EnsureReadyAsync(cancellationToken);
        for (var attempt = 1; attempt <= MaxReadAttempts; attempt++)
        {
            var status = await ReadStatusAsync(instanceId, cancellationToken);
            if (status is null)
            {
                return [];
            }

            try
            {
                var end = Math.Min(status.HistoryCount, (long)skip + take);
                if (await ReadPartsAsync(status, new RowsWanted((skip, end)), cancellationToken) is { } parts)
                {
                    return parts.History;
                }
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                // As in LoadAsync: read again.
            }
        }

        throw new InvalidOperationException($"Instance '{instanceId}' changed during each of {MaxReadAttempts} reads.");
    }

    /// <summary>
    /// The status row of <paramref name="instanceId"/>, or <c>null</c>: a point read of its key; where the tables may hold
    /// status rows an older build wrote (<see cref="AzureStorageAccount.MayHoldLegacyStatusRows"/>), a second one of the
    /// legacy key when the first finds nothing.
    /// </summary>
    private async Task<StatusRow?> ReadStatusAsync(string instanceId, CancellationToken cancellationToken)
    {
        var partition = AzureKeys.Partition(instanceId);
        var response = await Instances.GetEntityIfExistsAsync<TableEntity>(partition, AzureKeys.StatusRow(AzureKeys.Hash(instanceId)), cancellationToken: cancellationToken);
        if ((!response.HasValue || response.Value is null) && _account.MayHoldLegacyStatusRows)
        {
            response = await Instances.GetEntityIfExistsAsync<TableEntity>(partition, AzureKeys.LegacyStatusRow, cancellationToken: cancellationToken);
        }

        if (!response.HasValue || response.Value is null)
        {
            return null;
        }

        if (response.Value.GetString("Id") != instanceId)
        {
            throw new InvalidOperationException($"Partition '{partition}' holds instance '{response.Value.GetString("Id")}', not '{instanceId}'.");
        }

        return await StatusRow.ReadAsync(instanceId, response.Value, _payloads, cancellationToken);
    }
}
