using System.Globalization;
using System.Text;

namespace OrleansWorkflows.Storage.AzureStorage;

/// <summary>
/// A set of entry ids as sorted, disjoint ranges, stored in the status row as text (<c>1-5,7,9-12</c>): which inbox and
/// outbox entries of an instance are present. Rows of entries that are not in the set are garbage, whatever their
/// state: consuming or removing an entry only changes the set, inside the episode's transaction.
/// </summary>
internal sealed class IdSet
{
    private readonly List<(long From, long To)> _ranges = [];

    /// <summary>Whether the set is empty.</summary>
    public bool IsEmpty => _ranges.Count == 0;

    /// <summary>The largest id, or 0 when empty.</summary>
    public long Max => _ranges.Count == 0 ? 0 : _ranges[^1].To;

    /// <summary>The number of ids.</summary>
    public long Count => _ranges.Sum(r => r.To - r.From + 1);

    /// <summary>Reads the text form (empty or <c>null</c>: the empty set).</summary>
    /// <param name="text">The text form.</param>
    public static IdSet Parse(string? text)
    {
        var set = new IdSet();
        if (string.IsNullOrEmpty(text))
        {
            return set;
        }

        foreach (var part in text.Split(','))
        {
            var dash = part.IndexOf('-', StringComparison.Ordinal);
            var from = long.Parse(dash < 0 ? part : part[..dash], CultureInfo.InvariantCulture);
            var to = dash < 0 ? from : long.Parse(part[(dash + 1)..], CultureInfo.InvariantCulture);
            set._ranges.Add((from, to));
        }

        return set;
    }

    /// <summary>A copy.</summary>
    public IdSet Clone()
    {
        var copy = new IdSet();
        copy._ranges.AddRange(_ranges);
        return copy;
    }

    /// <summary>Whether <paramref name="id"/> is in the set.</summary>
    /// <param name="id">The id.</param>
    public bool Contains(long id)
    {
        int lo = 0, hi = _ranges.Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) / 2;
            if (id < _ranges[mid].From)
            {
                hi = mid - 1;
            }
            else if (id > _ranges[mid].To)
            {
                lo = mid + 1;
            }
            else
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the set holds an id from <paramref name="from"/> up to, not including, <paramref name="to"/>.</summary>
    /// <param name="from">The first id of the range.</param>
    /// <param name="to">The end of the range (exclusive).</param>
    public bool Overlaps(long from, long to) => _ranges.Exists(r => r.From < to && r.To >= from);

    /// <summary>Adds an id.</summary>
    /// <param name="id">The id (positive).</param>
    public void Add(long id)
    {
        if (Contains(id))
        {
            return;
        }

        var index = _ranges.FindIndex(r => r.From > id);
        if (index < 0)
        {
            index = _ranges.Count;
        }

        var joinsLeft = index > 0 && _ranges[index - 1].To == id - 1;
        var joinsRight = index < _ranges.Count && _ranges[index].From == id + 1;
        if (joinsLeft && joinsRight)
        {
            _ranges[index - 1] = (_ranges[index - 1].From, _ranges[index].To);
            _ranges.RemoveAt(index);
        }
        else if (joinsLeft)
        {
            _ranges[index - 1] = (_ranges[index - 1].From, id);
        }
        else if (joinsRight)
        {
            _ranges[index] = (id, _ranges[index].To);
        }
        else
        {
            _ranges.Insert(index, (id, id));
        }
    }

    /// <summary>Removes an id; false when it was not in the set.</summary>
    /// <param name="id">The id.</param>
    public bool Remove(long id)
    {
        var index = _ranges.FindIndex(r => r.From <= id && id <= r.To);
        if (index < 0)
        {
            return false;
        }

        var (from, to) = _ranges[index];
        _ranges.RemoveAt(index);
        if (id < to)
        {
            _ranges.Insert(index, (id + 1, to));
        }

        if (from < id)
        {
            _ranges.Insert(index, (from, id - 1));
        }

        return true;
    }

    /// <summary>Every id, in order.</summary>
    public IEnumerable<long> All()
    {
        foreach (var (from, to) in _ranges)
        {
            for (var id = from; id <= to; id++)
            {
                yield return id;
            }
        }
    }

    /// <summary>The text form.</summary>
    public override string ToString()
    {
        var builder = new StringBuilder();
        foreach (var (from, to) in _ranges)
        {
            if (builder.Length > 0)
            {
                builder.Append(',');
            }

            builder.Append(from.ToString(CultureInfo.InvariantCulture));
            if (to != from)
            {
                builder.Append('-').Append(to.ToString(CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}
