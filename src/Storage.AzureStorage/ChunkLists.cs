using System.Globalization;
using Azure.Data.Tables;

namespace OrleansWorkflows.Storage.AzureStorage;

/// <summary>
/// The chunk rows a reload needs, listed in the status row so that it reads them by their keys: the firsts of the current
/// execution's history chunks (<c>HChunks</c>), and of the inbox and outbox chunks that may still hold present entries
/// (<c>IChunks</c>, <c>OChunks</c>), as comma-separated numbers. Without them a reload queries the partition, which Azure
/// answers with a scan of the partition and Azurite with a scan of the whole table.
/// A list is <c>null</c> (the property absent) when it is not known: the row was written by a build before the lists, or
/// the list grew beyond <see cref="MaxListed"/> entries; the rows are then found by a bounded range query instead. An
/// unknown history list stays unknown until the next execution; an inbox or outbox list is known again (empty) as soon as
/// its set is empty. A list is only a way to find rows: a read that does not find every entry it needs by the list reads
/// the range instead (<see cref="AzureWorkflowStore"/>), so a wrong list costs a query, never an entry.
/// </summary>
internal static class ChunkLists
{
    /// <summary>The most chunks a list holds; a longer list is dropped (unknown).</summary>
    public const int MaxListed = 64;

    /// <summary>The property of the history list.</summary>
    public const string History = "HChunks";

    /// <summary>The property of the inbox list.</summary>
    public const string Inbox = "IChunks";

    /// <summary>The property of the outbox list.</summary>
    public const string Outbox = "OChunks";

    /// <summary>The list stored in property <paramref name="name"/>, or <c>null</c> when it is absent (unknown).</summary>
    public static List<long>? Read(TableEntity entity, string name) => entity.GetString(name) switch
    {
        null => null,
        "" => [],
        var text => [.. text.Split(',').Select(n => long.Parse(n, CultureInfo.InvariantCulture))],
    };

    /// <summary>Stores <paramref name="firsts"/> in property <paramref name="name"/>, unless unknown.</summary>
    public static void Write(TableEntity entity, string name, List<long>? firsts)
    {
        if (firsts is not null)
        {
            entity[name] = string.Join(',', firsts.Select(f => f.ToString(CultureInfo.InvariantCulture)));
        }
    }

    /// <summary>A copy of <paramref name="firsts"/> (<c>null</c> stays unknown).</summary>
    public static List<long>? Copy(List<long>? firsts) => firsts is null ? null : [.. firsts];

    /// <summary>The list with <paramref name="first"/> added in order; <c>null</c> when unknown or now too long.</summary>
    public static List<long>? Add(List<long>? firsts, long first)
    {
        if (firsts is null)
        {
            return null;
        }

        var at = firsts.BinarySearch(first);
        if (at < 0)
        {
            firsts.Insert(~at, first);
        }

        return firsts.Count > MaxListed ? null : firsts;
    }

    /// <summary>
    /// The chunks of <paramref name="firsts"/> that may hold an id of <paramref name="present"/>: a chunk holds the ids from
    /// its first up to the next chunk's first (inbox ids are consecutive per chunk; outbox ids grow from commit to commit).
    /// Empty when the set is empty, even where the list was unknown.
    /// </summary>
    public static List<long>? Holding(List<long>? firsts, IdSet present)
    {
        if (present.IsEmpty)
        {
            return [];
        }

        if (firsts is null)
        {
            return null;
        }

        var kept = new List<long>();
        for (var i = 0; i < firsts.Count; i++)
        {
            if (present.Overlaps(firsts[i], i + 1 < firsts.Count ? firsts[i + 1] : long.MaxValue))
            {
                kept.Add(firsts[i]);
            }
        }

        return kept;
    }

    /// <summary>
    /// The history chunks holding events [<paramref name="skip"/>, <paramref name="end"/>) of an execution of
    /// <paramref name="count"/> events whose chunks start at <paramref name="firsts"/>.
    /// </summary>
    public static IEnumerable<long> HistoryHolding(List<long> firsts, long count, long skip, long end)
    {
        for (var i = 0; i < firsts.Count && firsts[i] < Math.Min(count, end); i++)
        {
            if ((i + 1 < firsts.Count ? firsts[i + 1] : count) > skip)
            {
                yield return firsts[i];
            }
        }
    }
}
