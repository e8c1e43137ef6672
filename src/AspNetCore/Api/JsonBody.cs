using System.Text;

namespace OrleansWorkflows.Gateway.Api;

/// <summary>
/// Reads a request body as JSON text within a size limit. An empty body is <c>null</c>; too large gives 413; bytes that
/// are not UTF-8 JSON give 400; a body the server could not read (malformed chunks, cut short) gives 400, one that came
/// too slowly 408 (Kestrel reports both as an <see cref="IOException"/>, which must not be taken for a cluster error).
/// </summary>
internal static class JsonBody
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The outcome of reading: the JSON text (or <c>null</c> for none), or the problem to answer.</summary>
    public readonly record struct Result(string? Json, IResult? Problem);

    public static async Task<Result> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > maxBytes)
        {
            return new(null, Problems.TooLarge(maxBytes));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    return new(null, Problems.TooLarge(maxBytes));
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return new(null, Problems.TooLarge(maxBytes));
        }
        catch (IOException ex)
        {
            // Kestrel's BadHttpRequestException, its bad chunk size IOException, a connection reset by the client.
            return new(null, Problems.BadBody(ex));
        }

        return Decode(buffer);
    }

    private static Result Decode(MemoryStream buffer)
    {
        string text;
        try
        {
            text = StrictUtf8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            return new(null, Problems.BadRequest("The request body is not valid UTF-8."));
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return new(null, null);
        }

        return WorkflowJson.Validate(text) is { } error
            ? new(null, Problems.BadRequest($"The request body is not valid JSON: {error}"))
            : new(text, null);
    }
}
