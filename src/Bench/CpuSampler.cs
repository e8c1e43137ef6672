using System.Globalization;

namespace OrleansWorkflows.Bench;

/// <summary>
/// How busy the machine was with other work during a run: the share of all cores' time (from /proc/stat) spent neither
/// idle nor in this tool, the silo under test or the HTTP gateway in front of it (from /proc/pid/stat). Recorded as
/// <c>other_cpu_pct</c> per run.
/// </summary>
internal sealed class CpuSampler
{
    private readonly int _siloPid;
    private readonly string? _serverName;
    private readonly int? _gatewayPid;
    private readonly int? _serverPid;
    private readonly (long Total, long Busy) _machine;
    private readonly long _ours;
    private readonly long _silo;
    private readonly long _server;
    private readonly long _helper;
    private readonly long _tool;

    private CpuSampler(int siloPid, string? serverName, int? gatewayPid, int? serverPid)
    {
        (_siloPid, _serverName, _gatewayPid, _serverPid) = (siloPid, serverName, gatewayPid, serverPid);
        _machine = Machine();
        _ours = Ours();
        _silo = ProcessTicks(_siloPid.ToString(CultureInfo.InvariantCulture));
        _server = ServerTicks();
        _helper = HelperTicks();
        _tool = ProcessTicks("self");
    }

    /// <summary>CPU time the tool's own process (the load generator, and with <c>--otlp</c> the stand-in collector) used
    /// since <see cref="Start"/>, in milliseconds.</summary>
    public double ToolMilliseconds() => (ProcessTicks("self") - _tool) * 1000.0 / TicksPerSecond;

    /// <summary>CPU time (user + system, all threads) the silo process used since <see cref="Start"/>, in milliseconds.</summary>
    public double SiloMilliseconds() => (ProcessTicks(_siloPid.ToString(CultureInfo.InvariantCulture)) - _silo) * 1000.0 / TicksPerSecond;

    // USER_HZ: the unit of /proc/pid/stat times; 100 on every Linux architecture .NET runs on.
    private const double TicksPerSecond = 100;

    /// <summary>CPU time the other process of the benchmark's own (the HTTP gateway, or the SDK worker) used since
    /// <see cref="Start"/>, in milliseconds.</summary>
    public double HelperMilliseconds() => (HelperTicks() - _helper) * 1000.0 / TicksPerSecond;

    /// <summary>CPU time the storage server started by the tool (by name or process id) used since <see cref="Start"/>, in milliseconds.</summary>
    public double ServerMilliseconds() => (ServerTicks() - _server) * 1000.0 / TicksPerSecond;

    public static CpuSampler Start(int siloPid, string? serverName, int? gatewayPid = null, int? serverPid = null) => new(siloPid, serverName, gatewayPid, serverPid);

    /// <summary>Percent of the machine's CPU time since <see cref="Start"/> used by other processes (0 when unknown).</summary>
    public double OtherPercent()
    {
        var (total, busy) = Machine();
        var elapsed = total - _machine.Total;
        if (elapsed <= 0)
        {
            return 0;
        }

        var other = busy - _machine.Busy - (Ours() - _ours);
        return Math.Max(0, 100.0 * other / elapsed);
    }

    private static (long Total, long Busy) Machine()
    {
        if (!File.Exists("/proc/stat"))
        {
            return (0, 0);
        }

        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8).Select(Parse).ToArray();
        var total = fields.Sum();
        return (total, total - fields[3] - fields[4]);
    }

    private long Ours() => ProcessTicks("self") + ProcessTicks(_siloPid.ToString(CultureInfo.InvariantCulture)) + ServerTicks() + HelperTicks();

    private long HelperTicks() => _gatewayPid is { } gateway ? ProcessTicks(gateway.ToString(CultureInfo.InvariantCulture)) : 0;

    private long ServerTicks() => _serverPid is { } pid ? ProcessTicks(pid.ToString(CultureInfo.InvariantCulture)) : _serverName is null ? 0 : Directory.EnumerateDirectories("/proc")
        .Select(Path.GetFileName)
        .Where(pid => pid!.All(char.IsAsciiDigit) && Command(pid!) == _serverName)
        .Sum(pid => ProcessTicks(pid!));

    private static string? Command(string pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").Trim();
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static long ProcessTicks(string pid)
    {
        try
        {
            // Fields after the command name in parentheses: utime and stime are the 12th and 13th.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return Parse(fields[11]) + Parse(fields[12]);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static long Parse(string value) => long.Parse(value, CultureInfo.InvariantCulture);
}
