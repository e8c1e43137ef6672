using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace OrleansWorkflows.Bench;

/// <summary>
/// A throwaway PostgreSQL server (initdb + pg_ctl from the PATH) in a temp directory on a free loopback port, with the
/// server's default durability (fsync and synchronous_commit on). As root it runs as the <c>postgres</c> user.
/// </summary>
internal sealed class PostgresServer : IAsyncDisposable
{
    private readonly string _directory;
    private readonly string[] _asUser;

    private PostgresServer(string directory, string[] asUser, int port, string durability)
    {
        (_directory, _asUser, Durability) = (directory, asUser, durability);
        ConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres";
    }

    public string ConnectionString { get; }

    public string Durability { get; }

    public static async Task<(PostgresServer? Server, string? Reason)> TryStartAsync()
    {
        if (Which("initdb") is null || Which("pg_ctl") is null)
        {
            return (null, "no --pg connection string given and no initdb/pg_ctl on the PATH to start a throwaway server");
        }

        var directory = Directory.CreateTempSubdirectory("orleansworkflows-bench-pg-").FullName;
        string[] asUser = Environment.UserName == "root" ? ["runuser", "-u", "postgres", "--"] : [];
        if (asUser.Length > 0)
        {
            await RunAsync(["chown", "postgres", directory]);
        }

        var port = FreePort();
        var data = Path.Combine(directory, "data");
        var (ok, output) = await RunAsync([.. asUser, "initdb", "-D", data, "-U", "postgres", "-A", "trust"]);
        if (ok)
        {
            (ok, output) = await RunAsync([.. asUser, "pg_ctl", "-D", data, "-w", "-l", Path.Combine(directory, "log"),
                "-o", $"-p {port} -c listen_addresses=127.0.0.1 -k {directory}", "start"]);
        }

        if (!ok)
        {
            return (null, $"could not start a throwaway PostgreSQL server: {output.Trim()}");
        }

        var (_, settings) = await RunAsync(["psql", "-h", "127.0.0.1", "-p", $"{port}", "-U", "postgres", "-Atc",
            "select string_agg(name || '=' || setting, ', ' order by name) from pg_settings where name in ('fsync','synchronous_commit','full_page_writes')"]);
        return (new PostgresServer(directory, asUser, port, $"PostgreSQL server defaults: {settings.Trim()}"), null);
    }

    public async ValueTask DisposeAsync()
    {
        await RunAsync([.. _asUser, "pg_ctl", "-D", Path.Combine(_directory, "data"), "-m", "immediate", "stop"]);
        Directory.Delete(_directory, recursive: true);
    }

    private static string? Which(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<(bool Ok, string Output)> RunAsync(string[] command)
    {
        var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        command.Skip(1).ToList().ForEach(start.ArgumentList.Add);
        using var process = TryStart(start);
        if (process is null)
        {
            return (false, $"{command[0]} could not be started");
        }

        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode == 0, await output + await error);
    }

    private static Process? TryStart(ProcessStartInfo start)
    {
        try
        {
            return Process.Start(start);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
