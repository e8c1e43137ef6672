using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansWorkflows.Hosting;
using OrleansWorkflows.Storage;
using OrleansWorkflows.Testing.Skipping;

namespace OrleansWorkflows.Testing;

/// <summary>
/// Runs your orchestrations, activities and entities in a test, with no cluster code: one Orleans silo in the test
/// process on the in-memory store (or a store of your choice: <see cref="WorkflowTestHostOptions.UseStore"/>), your registrations (with activity fakes), its <see cref="WorkflowClient"/>, and an
/// engine clock you control (<see cref="Clock"/>) that skips ahead over durable timers, so a 30-day timer takes
/// milliseconds. Works with any test framework. Start one per test (about a second) and dispose it at the end:
/// <code>
/// await using var host = await WorkflowTestHost.StartAsync(o =&gt; o.Registry.AddWorkflowsFromAssembly(typeof(MyOrchestrator).Assembly));
/// var id = await host.Client.StartAsync("MyOrchestrator", input);
/// var status = await host.Client.WaitForCompletionAsync(id);
/// </code>
/// </summary>
public sealed class WorkflowTestHost : IAsyncDisposable
{
    private const int StartAttempts = 3;
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);
    private readonly IHost _host;
    private readonly TimeSkipper _skipper;

    private readonly IWorkflowStore _store;

    private WorkflowTestHost(IHost host, WorkflowTestClock clock, TimeSkipper skipper, IWorkflowStore store)
    {
        _host = host;
        _skipper = skipper;
        _store = store;
        Clock = clock;
        Client = host.Services.GetRequiredService<WorkflowClient>();
    }

    /// <summary>The client of the host's engine: start, wait for, query, raise events to and control instances; signal and read entities.</summary>
    public WorkflowClient Client { get; }

    /// <summary>The engine clock: read it, or move it with <see cref="WorkflowTestClock.AdvanceAsync"/>.</summary>
    public WorkflowTestClock Clock { get; }

    /// <summary>The time skipper (for tests of the kit).</summary>
    internal TimeSkipper Skipper => _skipper;

    /// <summary>The silo's services (yours from <see cref="WorkflowTestHostOptions.ConfigureServices"/> included).</summary>
    public IServiceProvider Services => _host.Services;

    /// <summary>Starts a host with the registrations and settings <paramref name="configure"/> gives.</summary>
    /// <param name="configure">Registers workflows (<see cref="WorkflowTestHostOptions.Registry"/>), fakes and services.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running host; dispose it to stop it.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A setting of <see cref="WorkflowTestHostOptions"/> is out of range.</exception>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">An engine option is out of range (the message names it).</exception>
    public static async Task<WorkflowTestHost> StartAsync(Action<WorkflowTestHostOptions>? configure = null, CancellationToken cancellationToken = default)
    {
        var options = new WorkflowTestHostOptions();
        configure?.Invoke(options);
        options.Validate();
        var clock = new WorkflowTestClock(options.StartTime ?? TruncateToSecond(DateTimeOffset.UtcNow));
        var inner = options.StoreFactory is { } create
            ? create() ?? throw new InvalidOperationException("The store factory given to WorkflowTestHostOptions.UseStore returned null.")
            : new InMemoryWorkflowStore();
        for (var attempt = 1; ; attempt++)
        {
            var calls = new EngineCalls();
            var store = new ObservedStore(inner, calls);
            var host = Build(options, clock, calls, store, FreeLoopbackPort());
            try
            {
                await host.StartAsync(cancellationToken);
            }
            catch (Exception ex) when (attempt < StartAttempts && IsPortTaken(ex))
            {
                // Another process took the port between choosing and binding it: try another.
                host.Dispose();
                continue;
            }
            catch
            {
                host.Dispose();
                await DisposeStoreAsync(inner);
                throw;
            }

            var skipper = new TimeSkipper(clock, calls, store, host.Services.GetRequiredService<IGrainFactory>(), options);
            skipper.Start();
            return new WorkflowTestHost(host, clock, skipper, inner);
        }
    }

    /// <summary>Stops time skipping and the silo.</summary>
    public async ValueTask DisposeAsync()
    {
        await _skipper.DisposeAsync();
        using var timeout = new CancellationTokenSource(StopTimeout);
        try
        {
            await _host.StopAsync(timeout.Token);
        }
        finally
        {
            _host.Dispose();
            await DisposeStoreAsync(_store);
        }
    }

    private static async ValueTask DisposeStoreAsync(IWorkflowStore store)
    {
        if (store is IAsyncDisposable asyncDisposable)
        {
            await asyncDisposable.DisposeAsync();
        }
        else if (store is IDisposable disposable)
        {
            disposable.Dispose();
        }
    }

    private static IHost Build(WorkflowTestHostOptions options, WorkflowTestClock clock, EngineCalls calls, IWorkflowStore store, int siloPort)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddLogging();
        options.ApplyServices(builder.Services);
        builder.UseOrleans(silo =>
        {
            // No gateway (port 0): the test talks to the silo in-process. A cluster id of its own per host.
            silo.UseLocalhostClustering(siloPort, 0, null, "OrleansWorkflows.Testing", "test-" + Guid.NewGuid().ToString("N"))
                .UseInMemoryReminderService();
            silo.Services.AddKeyedSingleton<TimeProvider>(WorkflowHostingExtensions.ClockKey, clock);
            silo.Services.AddSingleton(store);
            silo.Services.AddSingleton<IIncomingGrainCallFilter>(calls);
            silo.AddOrleansWorkflows(options.ApplyEngine);
        });
        return builder.Build();
    }

    private static DateTimeOffset TruncateToSecond(DateTimeOffset time) => new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool IsPortTaken(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse })
            {
                return true;
            }
        }

        return false;
    }
}
