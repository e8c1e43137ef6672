namespace OrleansWorkflows.Bench;

/// <summary>
/// <c>--trace-toggle</c>: switches one silo's tracing on and off between runs. The silo follows a settings file of its
/// own (<c>SettingsFile</c>), in which this writes <c>Telemetry:Traces</c>; the silo's <c>TracingSwitch</c> builds or
/// disposes its tracer provider and logs "Traces on" / "Traces off", which this waits for. Disposing deletes the file.
/// </summary>
internal sealed class TracingToggle : IDisposable
{
    /// <summary>The silo's log lines of a switch (watched in its output).</summary>
    public static readonly IReadOnlyList<string> Lines = [OnLine, OffLine];

    private const string OnLine = "Traces on";
    private const string OffLine = "Traces off";

    private static readonly TimeSpan SwitchTimeout = TimeSpan.FromSeconds(30);

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("bench-tracing-");
    private bool _on;

    /// <summary>A toggle whose silo starts untraced.</summary>
    public TracingToggle() => Write(false);

    private string SettingsPath => Path.Combine(_directory.FullName, "tracing.json");

    /// <summary>The settings that make a silo follow this toggle's file and log its switches.</summary>
    public Dictionary<string, string> SiloSettings() => new()
    {
        ["SettingsFile"] = SettingsPath,
        ["Logging:LogLevel:OrleansWorkflows.Silo.TracingSwitch"] = "Information",
    };

    /// <summary>Switches <paramref name="silo"/>'s tracing and waits until the silo says it switched (a switch off has then
    /// exported what the provider held).</summary>
    public async Task SetAsync(SiloProcess silo, bool on)
    {
        if (on == _on)
        {
            return;
        }

        var line = on ? OnLine : OffLine;
        var before = silo.Seen(line);
        Write(on);
        if (!await Poll.UntilAsync(() => silo.Seen(line) > before, SwitchTimeout))
        {
            throw new InvalidOperationException($"The silo did not log '{line}' within {SwitchTimeout.TotalSeconds:0} s of its settings file saying so. Its last output:\n{silo.Output}");
        }

        _on = on;
    }

    public void Dispose() => _directory.Delete(recursive: true);

    /// <summary>Replaces the file in one step (a rename), so the silo never reads it half written.</summary>
    private void Write(bool on)
    {
        var next = SettingsPath + ".next";
        File.WriteAllText(next, on ? """{"Telemetry":{"Traces":true}}""" : """{"Telemetry":{"Traces":false}}""");
        File.Move(next, SettingsPath, overwrite: true);
    }
}
