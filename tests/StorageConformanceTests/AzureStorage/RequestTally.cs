using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;
using Azure.Core;
using Azure.Core.Pipeline;

namespace OrleansWorkflows.StorageConformanceTests.AzureStorage;

/// <summary>
/// Counts the requests of the service clients its policies are added to (<see cref="Tables"/>, <see cref="Blobs"/>), by
/// what they are: <c>batch {table}</c> (an entity-group transaction; the table is read from its body), <c>get {table}</c>
/// (a point read), <c>query {table}</c>, <c>put</c>/<c>merge</c>/<c>patch</c>/<c>delete {table}</c> (a point write),
/// <c>insert {table}</c>, <c>tables</c> (creating or listing tables), <c>blob {method}</c>, and again as
/// <c>failed {kind} {status}</c> when answered with an error: what a workload costs the account, seen from outside the store
/// (Azurite's URLs: the account is the path's first segment).
/// </summary>
internal sealed partial class RequestTally
{
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

    public RequestTally()
    {
        Tables = new Counter(this, blobs: false);
        Blobs = new Counter(this, blobs: true);
    }

    /// <summary>The policy to add to a Table service client.</summary>
    public HttpPipelinePolicy Tables { get; }

    /// <summary>The policy to add to a Blob service client.</summary>
    public HttpPipelinePolicy Blobs { get; }

    /// <summary>The requests counted so far, by kind.</summary>
    public Dictionary<string, int> Snapshot() => new(_counts, StringComparer.Ordinal);

    /// <summary>The requests counted since <paramref name="earlier"/> (a <see cref="Snapshot"/>), by kind; kinds with none left out.</summary>
    public Dictionary<string, int> Since(IReadOnlyDictionary<string, int> earlier) => Snapshot()
        .Select(c => (c.Key, Count: c.Value - earlier.GetValueOrDefault(c.Key)))
        .Where(c => c.Count > 0)
        .ToDictionary(c => c.Key, c => c.Count, StringComparer.Ordinal);

    /// <summary>The counts as one line, kinds in order (for test messages).</summary>
    public static string Describe(IReadOnlyDictionary<string, int> counts) =>
        string.Join(", ", counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}: {c.Value}"));

    private void Count(string kind) => _counts.AddOrUpdate(kind, 1, (_, n) => n + 1);

    private static async Task<string> TableKindAsync(Azure.Core.Request request)
    {
        var method = request.Method.Method.ToLowerInvariant();
        var resource = Uri.UnescapeDataString(request.Uri.Path.Split('/', StringSplitOptions.RemoveEmptyEntries).Skip(1).FirstOrDefault() ?? string.Empty);
        if (resource == "$batch")
        {
            return "batch " + await BatchTableAsync(request);
        }

        if (resource.Length == 0 || resource.StartsWith("Tables", StringComparison.Ordinal))
        {
            return "tables";
        }

        var open = resource.IndexOf('(', StringComparison.Ordinal);
        var table = open < 0 ? resource : resource[..open];
        var point = open >= 0 && resource.Length > open + 2;
        return (method, point) switch
        {
            ("get", true) => "get " + table,
            ("get", false) => "query " + table,
            ("post", _) => "insert " + table,
            _ => $"{method} {table}",
        };
    }

    private static async Task<string> BatchTableAsync(Azure.Core.Request request)
    {
        if (request.Content is null)
        {
            return "?";
        }

        using var body = new MemoryStream();
        await request.Content.WriteToAsync(body, CancellationToken.None);
        var match = SubRequest().Match(Encoding.UTF8.GetString(body.GetBuffer(), 0, (int)body.Length));
        return match.Success ? match.Groups["table"].Value : "?";
    }

    [GeneratedRegex(@"(?:POST|PUT|PATCH|MERGE|DELETE|GET) https?://\S*?/(?<table>[A-Za-z][A-Za-z0-9]*)(?:\(|\s|\?)")]
    private static partial Regex SubRequest();

    private sealed class Counter(RequestTally tally, bool blobs) : HttpPipelinePolicy
    {
        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            var kind = blobs ? "blob " + message.Request.Method.Method.ToLowerInvariant() : await TableKindAsync(message.Request);
            tally.Count(kind);
            await ProcessNextAsync(message, pipeline);
            if (message.HasResponse && message.Response.Status >= 400)
            {
                tally.Count($"failed {kind} {message.Response.Status}");
            }
        }

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();
    }
}
