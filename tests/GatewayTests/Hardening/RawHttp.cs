using System.Net.Sockets;
using System.Text;

namespace OrleansWorkflows.GatewayTests.Hardening;

/// <summary>
/// HTTP/1.1 over a raw socket, for requests no <see cref="HttpClient"/> sends: malformed chunked bodies, stalled and
/// slow bodies, header bytes that are not ASCII. Reads the status line of the answer (0 when the server closed the
/// connection without one).
/// </summary>
internal static class RawHttp
{
    public static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Sends <paramref name="head"/> (request line and headers, CRLF-terminated lines, no blank line) and the
    /// body parts, waiting <paramref name="pause"/> between parts; returns the status code and the whole answer.</summary>
    public static async Task<(int Status, string Text)> SendAsync(int port, byte[] head, IReadOnlyList<byte[]> bodyParts, TimeSpan pause = default, bool closeAfter = false)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        client.NoDelay = true;
        var stream = client.GetStream();
        using var timeout = new CancellationTokenSource(ReadTimeout);
        try
        {
            await stream.WriteAsync(head, timeout.Token);
            await stream.WriteAsync("\r\n"u8.ToArray(), timeout.Token);
            foreach (var part in bodyParts)
            {
                await stream.WriteAsync(part, timeout.Token);
                await stream.FlushAsync(timeout.Token);
                if (pause > TimeSpan.Zero)
                {
                    await Task.Delay(pause, timeout.Token);
                }
            }

            if (closeAfter)
            {
                client.Client.Shutdown(SocketShutdown.Send);
            }
        }
        catch (IOException)
        {
            // The server may answer and close while the body is still being written: read what it said.
        }

        return await ReadAnswerAsync(stream, timeout.Token);
    }

    /// <summary>The request line and headers as bytes: each string an ASCII line, then <paramref name="rawHeader"/> as is.</summary>
    public static byte[] Head(string method, string target, IEnumerable<string> headers, byte[]? rawHeader = null)
    {
        var text = new StringBuilder($"{method} {target} HTTP/1.1\r\nHost: localhost\r\n");
        foreach (var header in headers)
        {
            text.Append(header).Append("\r\n");
        }

        var bytes = Encoding.ASCII.GetBytes(text.ToString());
        return rawHeader is null ? bytes : [.. bytes, .. rawHeader, .. "\r\n"u8.ToArray()];
    }

    private static async Task<(int Status, string Text)> ReadAnswerAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var received = new MemoryStream();
        var buffer = new byte[8192];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
            {
                received.Write(buffer, 0, read);
                if (Complete(received))
                {
                    break;
                }
            }
        }
        catch (IOException)
        {
            // Reset by the server after its answer.
        }

        var text = Encoding.UTF8.GetString(received.ToArray());
        return text.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) && int.TryParse(text.AsSpan(9, 3), out var status) ? (status, text) : (0, text);
    }

    /// <summary>True once the headers and the body they announce (content-length or a final chunk) are in.</summary>
    private static bool Complete(MemoryStream received)
    {
        var text = Encoding.UTF8.GetString(received.GetBuffer(), 0, (int)received.Length);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0)
        {
            return false;
        }

        var headers = text[..end];
        var lengthLine = headers.Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        if (lengthLine is not null && int.TryParse(lengthLine["Content-Length:".Length..].Trim(), out var length))
        {
            return received.Length >= Encoding.UTF8.GetByteCount(headers) + 4 + length;
        }

        return !headers.Contains("chunked", StringComparison.OrdinalIgnoreCase) || text.EndsWith("0\r\n\r\n", StringComparison.Ordinal);
    }
}
