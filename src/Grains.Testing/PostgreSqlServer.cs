using System.Diagnostics;
using System.Globalization;
using Npgsql;
using OrleansWorkflows.Testing;
using Xunit;

namespace OrleansWorkflows.TestSupport;

/// <summary>
/// A throwaway PostgreSQL server for the tests: a fresh cluster (initdb, fsync on) in a temporary directory, started on
/// a free loopback port and stopped (and deleted) at the end. PostgreSQL refuses to run as root, so as root the server
/// runs as the <c>postgres</c> user. Each test gets its own schema (<see cref="CreateSchemaAsync"/>). Shared by the unit
/// tests (conformance suites) and the process tests (a real cluster).
/// </summary>
public sealed class PostgreSqlServer : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "orleansworkflows-pg-" + Guid.NewGuid().ToString("N"));
    private string _bin = string.Empty;

    /// <summary>The server's <c>max_connections</c>. Default 200; the process tests use PostgreSQL's default, 100.</summary>
    public int MaxConnections { get; init; } = 200;

    /// <summary>The server's port on 127.0.0.1.</summary>
    public int Port { get; private set; }

    private string DataDirectory => Path.Combine(_directory, "data");

    private static bool IsRoot => Environment.UserName == "root";

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        _bin = FindBinaries();
        Directory.CreateDirectory(_directory);
        if (IsRoot)
        {
            await RunAsync("chown", "postgres:postgres", _directory);
        }

        await RunPostgresAsync("initdb", "-D", DataDirectory, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-instructions");
        Port = FreePorts.Take(1)[0];
        await StartAsync();
    }

    /// <summary>
    /// Stops the server at once (<c>pg_ctl stop -m immediate</c>: open connections are cut, as in a crash); <see cref="StartAsync"/>
    /// brings it back. This process's pooled connections die with it, so they are dropped: the next test sharing the server
    /// (e.g. <see cref="CreateSchemaAsync"/>) must not pick a dead one.
    /// </summary>
    public async Task StopAsync()
    {
        await RunPostgresAsync("pg_ctl", "-D", DataDirectory, "-m", "immediate", "-w", "stop");
        NpgsqlConnection.ClearAllPools();
    }

    /// <summary>Starts the (stopped) server again on the same port and data.</summary>
    public Task StartAsync()
    {
        var settings = string.Create(CultureInfo.InvariantCulture, $"-p {Port} -k {_directory} -c listen_addresses=127.0.0.1 -c max_connections={MaxConnections}");
        return RunPostgresAsync("pg_ctl", "-D", DataDirectory, "-o", settings, "-l", Path.Combine(_directory, "server.log"), "-w", "start");
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (Port != 0)
        {
            await RunPostgresAsync("pg_ctl", "-D", DataDirectory, "-m", "fast", "-w", "stop");
        }

        NpgsqlConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>The connection string of the server's <c>postgres</c> database, optionally with a search path.</summary>
    /// <param name="schema">The schema to use, or <c>null</c>.</param>
    public string ConnectionString(string? schema = null) =>
        string.Create(CultureInfo.InvariantCulture, $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres") +
        (schema is null ? string.Empty : $";Search Path={schema}");

    /// <summary>Creates a new empty schema and returns a connection string that uses it.</summary>
    public async Task<string> CreateSchemaAsync()
    {
        var schema = "t_" + Guid.NewGuid().ToString("N");
        await using var connection = new NpgsqlConnection(ConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE SCHEMA {schema}", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(schema);
    }

    /// <summary>
    /// Dumps the <c>postgres</c> database into <paramref name="file"/> as plain SQL with the distribution's <c>pg_dump</c>
    /// (without owners and privileges). A client: it runs as this user.
    /// </summary>
    /// <param name="file">The SQL file to write.</param>
    public Task DumpAsync(string file) => RunAsync(Path.Combine(_bin, "pg_dump"),
        "-h", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", "postgres", "-d", "postgres", "--no-owner", "--no-privileges", "-f", file);

    /// <summary>Runs the SQL file <paramref name="file"/> (e.g. a dump) on the <c>postgres</c> database with <c>psql</c>, stopping at the first error.</summary>
    /// <param name="file">The SQL file.</param>
    public Task RestoreAsync(string file) => RunAsync(Path.Combine(_bin, "psql"),
        "-h", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", "postgres", "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-q", "-f", file);

    private static string FindBinaries()
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
                .FirstOrDefault()
            : null;
        return bin ?? throw new InvalidOperationException("PostgreSQL binaries not found under /usr/lib/postgresql/*/bin (apt-get install postgresql).");
    }

    private Task RunPostgresAsync(string tool, params string[] arguments) =>
        IsRoot ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, tool), .. arguments]) : RunAsync(Path.Combine(_bin, tool), arguments);

    private static async Task RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        arguments.ToList().ForEach(start.ArgumentList.Add);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Cannot start {file}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await output}{await error}");
        }
    }
}
