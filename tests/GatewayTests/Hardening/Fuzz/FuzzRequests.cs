using System.Globalization;
using System.Text;

namespace OrleansWorkflows.GatewayTests.Hardening.Fuzz;

/// <summary>
/// Generates requests over every route of the gateway from a seed (the same seed, the same requests): methods, routes,
/// ids, names, query values, headers and bodies drawn from ordinary and odd values (<see cref="OddText"/>), plus raw
/// requests with malformed chunked bodies, stalled bodies, too slow bodies and header bytes that are not ASCII.
/// </summary>
internal sealed class FuzzRequests(int seed, IReadOnlyList<string> knownIds)
{
    private const string Api = DurableApi.BasePath;
    private static readonly string[] Methods = ["GET", "GET", "POST", "POST", "POST", "DELETE", "PUT", "PATCH", "HEAD", "OPTIONS"];
    private static readonly string[] Orchestrators = ["HelloSequence", "Approval", "Countdown", "FanOutFanIn", "Retry", "NoSuchOrchestration", "helloSEQUENCE"];
    private static readonly string[] Entities = ["Counter", "Account", "counter", "NoSuchEntity"];
    private static readonly string[] Operations = ["Add", "Reset", "Get", "delete", "Deposit", "NoSuchOp"];
    private static readonly string[] Controls = ["terminate", "suspend", "resume", "rewind", "restart", "history", "raiseEvent/Approval", "raiseEvent/$ow-wake"];
    private static readonly string[] Statuses = ["Running", "Completed,Failed", "Pending", "running", "Nope", ",,", "Terminated, Suspended"];
    private static readonly string[] Numbers = ["0", "1", "2", "-1", "0.5", "1e3", "1e999", "NaN", "Infinity", "99999999999999999999", "abc", "", " 5 ", "0x10", "1,5"];
    private static readonly string[] Booleans = ["true", "false", "TRUE", "1", "0", "yes", "", "null"];
    private static readonly string[] Times = ["2025-01-01T00:00:00Z", "2025-13-45", "yesterday", "0001-01-01", "9999-12-31T23:59:59Z", "2025-01-01T00:00:00+14:00", ""];
    private static readonly string[] ContentTypes = ["application/json", "application/json; charset=utf-8", "text/plain", "application/octet-stream", "application/json; charset=latin1", "", "application/problem+json", "multipart/form-data; boundary=x"];

    private readonly Random _random = new(seed);

    public IEnumerable<FuzzRequest> Take(int count)
    {
        for (var i = 0; i < count; i++)
        {
            yield return _random.Next(40) == 0 ? Raw() : Next();
        }
    }

    private FuzzRequest Next()
    {
        var method = Pick(Methods);
        var (path, defaultMethod) = Route();
        if (_random.Next(3) > 0)
        {
            method = defaultMethod;
        }

        var headers = new List<(string, string)>();
        if (_random.Next(3) == 0)
        {
            headers.Add((Pick(["x-ms-request-id", "x-ms-client-request-id", "Request-Id", "x-request-id"]), OddText.Pick(_random, ["req-1", "abc", InstanceIds.New()])));
        }

        if (_random.Next(6) == 0)
        {
            headers.Add(("x-ms-continuation-token", OddText.Pick(_random, ["eyJ0IjoxfQ==", "abc", "1"])));
        }

        if (_random.Next(12) == 0)
        {
            headers.Add((Pick(["x-functions-key", "Accept", "Accept-Charset", "Origin", "x-custom"]), OddText.Pick(_random, ["key", "*/*", "utf-8", "http://example.com"])));
        }

        var body = method is "POST" or "PUT" or "PATCH" or "DELETE" && _random.Next(4) > 0 ? Body() : null;
        var contentType = body is null ? null : _random.Next(4) > 0 ? "application/json" : Pick(ContentTypes);
        return new FuzzRequest(method, path + Query(), headers, body, contentType);
    }

    private (string Path, string Method) Route() => _random.Next(16) switch
    {
        0 => ($"{Api}/orchestrators/{Segment(Orchestrators)}", "POST"),
        1 or 2 => ($"{Api}/orchestrators/{Segment(Orchestrators)}/{Id()}", "POST"),
        3 => ($"/api/orchestrators/{Segment(Orchestrators)}/{Id()}", "POST"),
        4 or 5 => ($"{Api}/instances/{Id()}", "GET"),
        6 => ($"{Api}/instances/{Id()}", "DELETE"),
        7 or 8 => ($"{Api}/instances/{Id()}/{Pick(Controls)}", Pick(["POST", "POST", "GET"])),
        9 => ($"{Api}/instances/{Id()}/raiseEvent/{Segment(["Approval", "approval", "Other"])}", "POST"),
        10 => ($"{Api}/instances", Pick(["GET", "GET", "DELETE"])),
        11 => ($"{Api}/entities/{Segment(Entities)}/{Segment(["my-key", "$", "x"])}", Pick(["GET", "POST", "DELETE"])),
        12 => ($"{Api}/entities{(_random.Next(2) == 0 ? string.Empty : "/" + Segment(Entities))}", "GET"),
        13 => (Pick(["/healthz", "/readyz", "/openapi/v1.json", "/dashboard/", "/dashboard", "/api-docs/", "/"]), "GET"),
        14 => ($"/dashboard/{Segment(["index.html", "app.js", "..%2F..%2Fappsettings.json", "nope"])}", "GET"),
        _ => ($"/{Segment(["runtime", "api", "x"])}/{Segment(["webhooks", "orchestrators", "y"])}/{Segment(["durabletask", "z"])}", Pick(Methods)),
    };

    private string Id() => _random.Next(5) == 0 && knownIds.Count > 0 ? OddText.Escape(Pick(knownIds)) : Segment(["fuzz-id", "fuzz-" + _random.Next(50).ToString(CultureInfo.InvariantCulture), "a"]);

    private string Segment(IReadOnlyList<string> ordinary)
    {
        var text = OddText.Pick(_random, ordinary);
        return _random.Next(20) == 0 ? text.Replace("/", "%2F", StringComparison.Ordinal) : OddText.Escape(text);
    }

    private string Query()
    {
        var parameters = new List<string>();
        var count = _random.Next(4);
        for (var i = 0; i < count; i++)
        {
            var (name, values) = _random.Next(14) switch
            {
                0 => ("timeout", Numbers.Where(n => !n.StartsWith('1') && n != "2" && n != "99999999999999999999").ToArray()),
                1 => ("pollingInterval", Numbers),
                2 => (Pick(["showHistory", "showHistoryOutput", "showInput", "recursive", "restartWithNewInstanceId", "fetchState"]), Booleans),
                3 => ("top", Numbers),
                4 => ("runtimeStatus", Statuses),
                5 => (Pick(["createdTimeFrom", "createdTimeTo", "lastOperationTimeFrom", "lastOperationTimeTo"]), Times),
                6 => ("instanceIdPrefix", ["fuzz", "", "@", "f%"]),
                7 => ("op", Operations),
                8 => ("reason", ["because", "", "a reason"]),
                9 => (Pick(["skip", "take"]), Numbers),
                10 => ("code", ["key"]),
                11 => ("taskHub", ["hub"]),
                _ => (OddText.Pick(_random, ["x", "q"]), ["1"]),
            };
            var value = _random.Next(3) == 0 ? OddText.Pick(_random, values) : Pick(values);
            parameters.Add($"{OddText.Escape(name)}={OddText.Escape(value)}");
        }

        return parameters.Count == 0 ? string.Empty : "?" + string.Join('&', parameters);
    }

    private byte[] Body() => _random.Next(14) switch
    {
        0 => "{not json"u8.ToArray(),
        1 => Utf8($"\"{Pick(["\\ud800", "\\udc00x", "\\ud83d\\ude00", "\\u0000", "\\uFFFF"])}\""),
        2 => Utf8("{\"\\ud800\":1}"),
        3 => Utf8(new string('[', 2000) + new string(']', 2000)),
        4 => [0xFF, 0xFE, 0x22, 0x61, 0x22],
        5 => [0xEF, 0xBB, 0xBF, .. "\"bom\""u8.ToArray()],
        6 => [0x22, 0xED, 0xA0, 0x80, 0x22],
        7 => Utf8($"\"{new string('x', _random.Next(1000, 200_000))}\""),
        8 => Utf8("1e999999"),
        9 => Utf8("{\"timeoutSeconds\": 600}"),
        10 => Utf8($"\"{OddText.Pick(_random, ["value"]).Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\""),
        11 => [],
        12 => Utf8("   "),
        _ => Utf8(Pick(["1", "true", "null", "{\"from\":\"a\",\"to\":\"b\",\"amount\":1}", "[1,2,3]", "\"text\""])),
    };

    /// <summary>A request only a raw socket sends: a malformed chunked body, a stalled or slow body, non-ASCII header bytes.</summary>
    private FuzzRequest Raw()
    {
        var (path, _) = Route();
        var target = path + Query();
        var json = new List<string> { "Content-Type: application/json" };
        return _random.Next(5) switch
        {
            0 => RawRequest(target, [.. json, "Transfer-Encoding: chunked"], [Encoding.ASCII.GetBytes(Pick(["zz\r\n1\r\n0\r\n\r\n", "3\r\n\"x\"XX\r\n0\r\n\r\n", "ffffffffffffffffff\r\n\"x\"\r\n0\r\n\r\n", "-1\r\n\r\n", "1\r\n"]))], TimeSpan.Zero),
            1 => RawRequest(target, [.. json, "Content-Length: 50"], ["[1,"u8.ToArray()], TimeSpan.Zero),
            2 => RawRequest(target, [.. json, "Content-Length: 12"], [.. Enumerable.Range(0, 12).Select(_ => " "u8.ToArray())], TimeSpan.FromMilliseconds(400)),
            3 => RawRequest(target, [], [], TimeSpan.Zero, Encoding.UTF8.GetBytes($"{Pick(["x-ms-request-id", "x-ms-continuation-token", "x-request-id", "Origin"])}: {Pick(["caf\u00e9", "\u4e2d\u6587", "\U0001F600"])}")),
            _ => RawRequest(target, [], [], TimeSpan.Zero, [.. "x-ms-request-id: caf"u8.ToArray(), 0xE9, 0xFF, 0xED, 0xA0, 0x80]),
        };
    }

    private FuzzRequest RawRequest(string target, IReadOnlyList<string> headers, byte[][] parts, TimeSpan pause, byte[]? rawHeader = null)
    {
        var method = parts.Length > 0 ? "POST" : "GET";
        var head = RawHttp.Head(method, target, headers, rawHeader);
        return new FuzzRequest(method, target, [.. headers.Select(h => (h, string.Empty))], parts.Length == 0 ? null : [.. parts.SelectMany(p => p)], null)
        {
            Raw = (head, parts, pause),
        };
    }

    private T Pick<T>(IReadOnlyList<T> values) => values[_random.Next(values.Count)];

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
