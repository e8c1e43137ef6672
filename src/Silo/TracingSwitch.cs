using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using OpenTelemetry.Trace;

namespace OrleansWorkflows.Silo;

/// <summary>
/// Owns the silo's tracer provider and follows <c>Telemetry:Traces</c> while the silo runs: when the setting turns false
/// (an edited <c>appsettings.json</c> or <c>SettingsFile</c>) the provider is flushed and disposed, so nothing listens to
/// the engine's source any more and the engine stops all tracing work; when it turns true again a new provider starts
/// exporting. A value that is not a boolean is logged and ignored: tracing stays as it was.
/// It starts before the silo (registered ahead of it), so the first spans are not missed.
/// </summary>
/// <param name="configuration">The host's configuration (reloaded when its files change).</param>
/// <param name="build">Builds a tracer provider from the current configuration.</param>
/// <param name="logger">Where a switch and a bad value are logged.</param>
internal sealed partial class TracingSwitch(IConfiguration configuration, Func<TracerProvider> build, ILogger<TracingSwitch> logger) : IHostedService, IDisposable
{
    /// <summary>The setting followed.</summary>
    public const string Key = "Telemetry:Traces";

    private readonly Lock _gate = new();
    private TracerProvider? _provider;
    private IDisposable? _subscription;
    private bool _stopped;

    /// <summary>Reads <paramref name="configuration"/>'s <see cref="Key"/>: <c>true</c> when unset, <c>null</c> when it is not a boolean.</summary>
    public static bool? Wanted(IConfiguration configuration) =>
        configuration[Key] is not { } value || string.IsNullOrWhiteSpace(value) ? true
        : bool.TryParse(value.Trim(), out var on) ? on : null;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (Wanted(configuration) is null)
        {
            throw new InvalidOperationException($"{Key} must be true or false, not '{configuration[Key]}'.");
        }

        Apply();
        _subscription = ChangeToken.OnChange(configuration.GetReloadToken, Apply);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Stops following the setting and disposes the provider (which exports what it still holds).</summary>
    public void Dispose()
    {
        TracerProvider? provider;
        lock (_gate)
        {
            _stopped = true;
            _subscription?.Dispose();
            (provider, _provider) = (_provider, null);
        }

        provider?.Dispose();
    }

    private void Apply()
    {
        var wanted = Wanted(configuration);
        if (wanted is null)
        {
            LogBadValue(logger, Key, configuration[Key]);
            return;
        }

        TracerProvider? retired = null;
        lock (_gate)
        {
            if (_stopped || wanted == (_provider is not null))
            {
                return;
            }

            if (wanted == true)
            {
                try
                {
                    _provider = build();
                }
                catch (Exception ex) when (_subscription is not null)
                {
                    // On a reload (not at start, where the silo fails with it): log it, keep running untraced.
                    LogBuildFailed(logger, ex);
                    return;
                }
            }
            else
            {
                (retired, _provider) = (_provider, null);
            }
        }

        // Disposing flushes the provider's batch to its exporter: outside the lock, a slow collector holds up no reload.
        retired?.Dispose();
        LogSwitched(logger, wanted == true ? "on" : "off");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Traces {State}")]
    private static partial void LogSwitched(ILogger logger, string state);

    [LoggerMessage(Level = LogLevel.Error, Message = "Tracing could not start: the silo runs untraced")]
    private static partial void LogBuildFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Key} must be true or false, not '{Value}': tracing stays as it was")]
    private static partial void LogBadValue(ILogger logger, string key, string? value);
}
