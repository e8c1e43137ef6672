using System.Text;

namespace OrleansWorkflows.GatewayTests.Hardening.Fuzz;

/// <summary>One generated request: what an <see cref="HttpClient"/> sends, or raw bytes for a socket (broken bodies).</summary>
internal sealed record FuzzRequest(string Method, string Target, IReadOnlyList<(string Name, string Value)> Headers, byte[]? Body, string? ContentType)
{
    /// <summary>Raw request bytes and the body parts to send one by one (a malformed or slow body), or <c>null</c>.</summary>
    public (byte[] Head, byte[][] Parts, TimeSpan Pause)? Raw { get; init; }

    /// <summary>A short description for failure messages.</summary>
    public override string ToString()
    {
        var body = Body is null ? "no body" : $"body {Body.Length} bytes: {Preview(Encoding.UTF8.GetString(Body))}";
        var headers = string.Join("; ", Headers.Select(h => $"{h.Name}: {Preview(h.Value)}"));
        return $"{(Raw is null ? string.Empty : "raw ")}{Method} {Preview(Target)} [{headers}] {ContentType} {body}";
    }

    private static string Preview(string text)
    {
        var shown = text.Length > 120 ? text[..120] + "..." : text;
        return string.Concat(shown.Select(c => c < 0x20 || char.IsSurrogate(c) ? $"\\u{(int)c:X4}" : c.ToString()));
    }
}
