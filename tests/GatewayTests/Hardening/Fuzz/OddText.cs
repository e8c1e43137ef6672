using System.Text;

namespace OrleansWorkflows.GatewayTests.Hardening.Fuzz;

/// <summary>
/// Text the fuzzer puts in every position: ordinary values, whitespace of every kind, odd Unicode (lone surrogates,
/// emoji, right-to-left, combining marks, non-characters), reserved characters, control characters, long strings; and
/// the percent-encoding that carries any of it into a URL (a lone surrogate as its WTF-8 bytes, which no valid UTF-8
/// decoder accepts).
/// </summary>
internal static class OddText
{
    public static readonly string[] Odd =
    [
        " ", "\u00A0", "\u3000", "\u2003\u2009", "\t", " \u00A0 ", "\u200B", "\uFEFF", "\u2028",
        "\uD800", "\uDC00", "a\uD83Db", "\uDFFF\uD800", "\U0001F600", "\u202Eevil", "e\u0301\u0301\u0301", "\uFFFF", "\uFFFE",
        "@", "@counter@x", "$", "$ow-wake", "$ow-readiness-probe", ".", "..", "%", "%2F", "%00", "a/b", "a\\b", "a#b", "a?b", "a&b=c",
        "\0", "\u0001", "\n", "\r\n", "\u007F", "\u0085", "'", "\"", "<script>", "null", "true", "0", "-1", "1e999", "NaN",
        "ünïcødé", "日本語", "مرحبا", "x", "Counter", "HelloSequence", "Approval",
    ];

    public static string Pick(Random random, IReadOnlyList<string> ordinary)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(ordinary);
        return random.Next(10) switch
        {
            < 4 => ordinary[random.Next(ordinary.Count)],
            < 8 => Odd[random.Next(Odd.Length)],
            8 => ordinary[random.Next(ordinary.Count)] + Odd[random.Next(Odd.Length)] + ordinary[random.Next(ordinary.Count)],
            _ => new string((char)random.Next(0x20, 0x7F), random.Next(200, 320)),
        };
    }

    /// <summary>Percent-encodes <paramref name="text"/> for a URL path segment or query value (lone surrogates as WTF-8).</summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~')
            {
                result.Append(c);
                continue;
            }

            int codePoint = c;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                codePoint = char.ConvertToUtf32(c, text[++i]);
            }

            foreach (var b in Wtf8(codePoint))
            {
                result.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return result.ToString();
    }

    private static byte[] Wtf8(int codePoint) => codePoint switch
    {
        < 0x80 => [(byte)codePoint],
        < 0x800 => [(byte)(0xC0 | (codePoint >> 6)), (byte)(0x80 | (codePoint & 0x3F))],
        < 0x10000 => [(byte)(0xE0 | (codePoint >> 12)), (byte)(0x80 | ((codePoint >> 6) & 0x3F)), (byte)(0x80 | (codePoint & 0x3F))],
        _ => [(byte)(0xF0 | (codePoint >> 18)), (byte)(0x80 | ((codePoint >> 12) & 0x3F)), (byte)(0x80 | ((codePoint >> 6) & 0x3F)), (byte)(0x80 | (codePoint & 0x3F))],
    };
}
