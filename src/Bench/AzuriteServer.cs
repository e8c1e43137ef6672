using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace OrleansWorkflows.Bench;

/// <summary>
/// A throwaway Azurite (the Azure Storage emulator, npm <c>azurite</c>) on free loopback ports, in-memory persistence,
/// telemetry off, as the tests start it: found at <c>$AZURITE_PATH</c>, else <c>.tools/azurite/node_modules/.bin/azurite</c>
/// in a parent directory of the tool (where <c>.ci/run</c> installs it), else on the PATH.
/// </summary>
internal sealed class AzuriteServer : IAsyncDisposable
{
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private readonly Process _process;

    private AzuriteServer(Process process, int blobPort, int tablePort)
    {
        _process = process;
        ConnectionString = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + AccountKey + ";" +
            $"BlobEndpoint=http://127.0.0.1:{blobPort}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{tablePort}/devstoreaccount1;";
    }

    public string ConnectionString { get; }

    /// <summary>The emulator's process id (a Node.js process: its CPU is the backend's own).</summary>
    public int ProcessId => _process.Id;

    public static async Task<(AzuriteServer? Server, string? Reason)> TryStartAsync()
    {
        if (Find() is not { } azurite)
        {
            return (null, "Azurite is not installed (npm install --prefix .tools/azurite azurite@3.37.0, or set AZURITE_PATH)");
        }

        var (blobPort, queuePort, tablePort) = (FreePort(), FreePort(), FreePort());
        var start = new ProcessStartInfo(azurite) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[]
        {
            "--silent", "--inMemoryPersistence", "--disableTelemetry", "--skipApiVersionCheck",
            "--blobHost", "127.0.0.1", "--blobPort", $"{blobPort}", "--queueHost", "127.0.0.1", "--queuePort", $"{queuePort}",
            "--tableHost", "127.0.0.1", "--tablePort", $"{tablePort}",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start);
        if (process is null)
        {
            return (null, $"could not start {azurite}");
        }

        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!(await AcceptsAsync(blobPort) && await AcceptsAsync(tablePort)))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                process.Kill(entireProcessTree: true);
                return (null, $"Azurite ({azurite}) did not start listening on 127.0.0.1:{blobPort}/{tablePort}");
            }

            await Task.Delay(100);
        }

        return (new AzuriteServer(process, blobPort, tablePort), null);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static string? Find()
    {
        if (Environment.GetEnvironmentVariable("AZURITE_PATH") is { Length: > 0 } configured)
        {
            return File.Exists(configured) ? configured : null;
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var local = Path.Combine(directory.FullName, ".tools", "azurite", "node_modules", ".bin", "azurite");
            if (File.Exists(local))
            {
                return local;
            }
        }

        return (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Select(d => Path.Combine(d, "azurite")).FirstOrDefault(File.Exists);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
