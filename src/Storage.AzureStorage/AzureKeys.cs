using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace OrleansWorkflows.Storage.AzureStorage;

/// <summary>
/// Keys of the Azure tables, so that any string is a valid key. Azure refuses <c>/ \ # ?</c> and control characters
/// in keys and allows 1 KiB (512 UTF-16 characters); Azurite accepts some of these and answers 500 to others. An
/// instance's partition key is its id with every refused character (and <c>!</c>, the escape, <c>%</c>, which some
/// URL handling trips on, and any surrogate) written as <c>!XXXX</c>; an id whose escaped form would be longer than
/// <see cref="MaxEscapedLength"/> is keyed by its hash instead (<c>!H</c> and 64 hex digits, which no escaped id can be). Row keys of the index and of request ids and
/// senders use a 128-bit hash of the UTF-16 string; the full value is always kept in a property.
/// </summary>
internal static class AzureKeys
{
    /// <summary>The longest escaped partition key kept as is.</summary>
    public const int MaxEscapedLength = 400;

    /// <summary>
    /// Row key of the status row of an instance created before status rows had keys of their own: every partition's was
    /// <c>s</c> (still read, written and purged where it is; see <see cref="AzureStorageAccount.MayHoldLegacyStatusRows"/>).
    /// </summary>
    public const string LegacyStatusRow = "s";

    /// <summary>
    /// Row key of an instance's status row: <c>s</c> and the instance hash, so that no two status rows of the table share a
    /// key. Azurite looks an entity up by its row key first and then compares the partition key of every row with that row
    /// key: one key shared by every status row made each read and write of one scan them all, slower as the table grew.
    /// </summary>
    /// <param name="instanceHash">The instance id's <see cref="Hash"/>.</param>
    public static string StatusRow(string instanceHash) => LegacyStatusRow + instanceHash;

    /// <summary>Whether <paramref name="rowKey"/> is a status row's (no other row of an instance partition starts with <c>s</c>).</summary>
    public static bool IsStatusRow(string rowKey) => rowKey.StartsWith(LegacyStatusRow, StringComparison.Ordinal);

    /// <summary>The partition key of <paramref name="instanceId"/>.</summary>
    /// <param name="instanceId">Any string.</param>
    public static string Partition(string instanceId)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        var builder = new StringBuilder(instanceId.Length + 8);
        foreach (var c in instanceId)
        {
            if (IsRefused(c))
            {
                builder.Append('!').Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }

            if (builder.Length > MaxEscapedLength)
            {
                return "!H" + Convert.ToHexString(SHA256.HashData(MemoryMarshal.AsBytes(instanceId.AsSpan())));
            }
        }

        return builder.Length == 0 ? "!" : builder.ToString();
    }

    /// <summary>A 128-bit hash of <paramref name="value"/>'s UTF-16 code units, as 32 upper-case hex digits.</summary>
    /// <param name="value">Any string.</param>
    public static string Hash(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(MemoryMarshal.AsBytes(value.AsSpan()), hash);
        return Convert.ToHexString(hash[..16]);
    }

    /// <summary>The index partition (shard) of an instance.</summary>
    /// <param name="instanceHash">The instance id's <see cref="Hash"/>.</param>
    /// <param name="shards">The number of shards.</param>
    public static string Shard(string instanceHash, int shards) =>
        (int.Parse(instanceHash.AsSpan(0, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture) % shards).ToString("D2", CultureInfo.InvariantCulture);

    /// <summary>Every shard of the index.</summary>
    /// <param name="shards">The number of shards.</param>
    public static IEnumerable<string> Shards(int shards) => Enumerable.Range(0, shards).Select(s => s.ToString("D2", CultureInfo.InvariantCulture));

    /// <summary>Ticks as 19 digits, so that key order is time order.</summary>
    /// <param name="ticks">The ticks (not negative).</param>
    public static string Ticks(long ticks) => ticks.ToString("D19", CultureInfo.InvariantCulture);

    /// <summary>A number as 19 digits, so that key order is numeric order.</summary>
    /// <param name="value">The number (not negative).</param>
    public static string Number(long value) => value.ToString("D19", CultureInfo.InvariantCulture);

    /// <summary>A new random tag (incarnation of an instance, epoch of an execution's history): 16 hex digits.</summary>
    public static string NewTag() => Convert.ToHexString(RandomNumberGenerator.GetBytes(8));

    /// <summary>The row key of the history chunk starting at <paramref name="first"/> of epoch <paramref name="epoch"/>.</summary>
    public static string HistoryRow(string epoch, long first) => "h" + epoch + first.ToString("D10", CultureInfo.InvariantCulture);

    /// <summary>The row key of the inbox chunk starting at entry <paramref name="first"/> of incarnation <paramref name="incarnation"/>.</summary>
    public static string InboxRow(string incarnation, long first) => "i" + incarnation + Number(first);

    /// <summary>The row key of the outbox chunk whose smallest entry id is <paramref name="first"/>.</summary>
    public static string OutboxRow(string incarnation, long first) => "o" + incarnation + Number(first);

    /// <summary>The row key of the marker of a sequenced message (sender, sequence) in incarnation <paramref name="incarnation"/>.</summary>
    public static string SequenceRow(string incarnation, string sender, long sequence) => "d" + incarnation + Hash(sender) + Number(sequence);

    /// <summary>The row key of a remembered client request id.</summary>
    public static string RequestRow(string requestId) => "r" + Hash(requestId);

    /// <summary>The (inclusive, exclusive) row key range of every row starting with <paramref name="prefix"/>.</summary>
    public static (string From, string To) Range(string prefix) => (prefix, prefix + "~");

    private static bool IsRefused(char c) =>
        c is '/' or '\\' or '#' or '?' or '%' or '!' || c <= '\u001F' || c is >= '\u007F' and <= '\u009F' || char.IsSurrogate(c);
}
