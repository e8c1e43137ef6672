using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using OrleansWorkflows.Testing;
using Xunit;

namespace OrleansWorkflows.TestSupport;

/// <summary>
/// A throwaway Azurite (the Azure Storage emulator, npm <c>azurite</c>) for the tests: started on free loopback ports with
/// in-memory persistence, telemetry off and any API version accepted, and stopped at the end. Found at
/// <c>$AZURITE_PATH</c>, else at <c>.tools/azurite/node_modules/.bin/azurite</c> in the repository (where
/// <c>.ci/run</c> installs it), else on the <c>PATH</c>; when it is nowhere, starting fails saying how to install it.
/// </summary>
public sealed class AzuriteServer : IAsyncLifetime
{
    /// <summary>Azurite's well-known development account.</summary>
    public const string AccountName = "devstoreaccount1";

    /// <summary>The key of the development account (public: it is the same in every Azurite).</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private Process? _process;
    private int _blobPort;
    private int _queuePort;
    private int _tablePort;

    /// <summary>The connection string of the emulator's account, with its explicit endpoints.</summary>
    public string ConnectionString => string.Create(
        CultureInfo.InvariantCulture,
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{_blobPort}/{AccountName};QueueEndpoint=http://127.0.0.1:{_queuePort}/{AccountName};" +
        $"TableEndpoint=http://127.0.0.1:{_tablePort}/{AccountName};");

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        var azurite = Find();
        var ports = FreePorts.Take(3);
        (_blobPort, _queuePort, _tablePort) = (ports[0], ports[1], ports[2]);
        var start = new ProcessStartInfo(azurite) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[]
        {
            "--silent", "--inMemoryPersistence", "--disableTelemetry", "--skipApiVersionCheck",
            "--blobHost", "127.0.0.1", "--blobPort", Port(_blobPort),
            "--queueHost", "127.0.0.1", "--queuePort", Port(_queuePort),
            "--tableHost", "127.0.0.1", "--tablePort", Port(_tablePort),
        })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException($"Cannot start {azurite}.");
        var output = _process.StandardOutput.ReadToEndAsync();
        var error = _process.StandardError.ReadToEndAsync();
        await Eventually.UntilAsync(
            async () => _process.HasExited || (await AcceptsAsync(_blobPort) && await AcceptsAsync(_tablePort)),
            TimeSpan.FromSeconds(60),
            $"Azurite ({azurite}) listens on 127.0.0.1:{_blobPort} and :{_tablePort}");
        if (_process.HasExited)
        {
            throw new InvalidOperationException($"Azurite ({azurite}) did not start: it exited with {_process.ExitCode}: {await output}{await error}");
        }
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
    }

    /// <summary>Where Azurite is, or a clear error saying how to install it.</summary>
    public static string Find()
    {
        if (Environment.GetEnvironmentVariable("AZURITE_PATH") is { Length: > 0 } configured)
        {
            return File.Exists(configured) ? configured : throw new InvalidOperationException($"AZURITE_PATH is '{configured}', which does not exist.");
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var local = Path.Combine(directory.FullName, ".tools", "azurite", "node_modules", ".bin", "azurite");
            if (File.Exists(local))
            {
                return local;
            }
        }

        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, "azurite"))
            .FirstOrDefault(File.Exists);
        return onPath ?? throw new InvalidOperationException(
            "Azurite is not installed: the Azure Storage tests need it. Install it into the repository with " +
            "'npm install --prefix .tools/azurite azurite@3.37.0' (as .ci/run does), or set AZURITE_PATH.");
    }

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);

    private static async Task<bool> AcceptsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
