using System.Globalization;
using Microsoft.Extensions.Hosting;
using OrleansWorkflows.Hosting;

namespace OrleansWorkflows.UpgradeTests.Generator;

/// <summary>
/// The silo process of the generator: the fixture silo in generating mode (<see cref="FixtureMode.Generating"/>), with
/// the product's default engine options. It prints <see cref="ReadyLine"/> once started and
/// <see cref="ActivityStartedLine"/> when a blocking activity starts, and runs until it is killed.
/// </summary>
internal static class GeneratorSilo
{
    public const string ReadyLine = "FIXTURE-SILO-READY";
    public const string ActivityStartedLine = "FIXTURE-ACTIVITY-STARTED ";

    /// <summary>Arguments: backend kind, connection string, cluster id, service id, silo port, gateway port.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var storage = new StorageSettings(Enum.Parse<StorageKind>(args[0]), args[1]);
        var mode = new FixtureMode(generating: true) { ActivityStarted = id => Console.WriteLine(ActivityStartedLine + id) };
        var ports = (int.Parse(args[4], CultureInfo.InvariantCulture), int.Parse(args[5], CultureInfo.InvariantCulture));
        using var host = FixtureSilo.Build(storage, args[2], args[3], mode, ports);
        await host.StartAsync();
        Console.WriteLine(ReadyLine);
        await host.WaitForShutdownAsync();
        return 0;
    }
}
