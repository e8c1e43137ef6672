using Microsoft.Extensions.DependencyInjection;
using OrleansWorkflows.Hosting;
using OrleansWorkflows.Storage;

namespace OrleansWorkflows.Testing;

/// <summary>What a <see cref="WorkflowTestHost"/> runs: the registrations, activity fakes, services and clock settings.</summary>
public sealed class WorkflowTestHostOptions
{
    private readonly Dictionary<string, Func<IServiceProvider, ITaskActivity>> _overrides = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<Action<IServiceCollection>> _services = [];
    private readonly List<Action<WorkflowEngineOptions>> _engine = [];

    /// <summary>The orchestrations, activities and entities the host runs, e.g.
    /// <c>o.Registry.AddWorkflowsFromAssembly(typeof(MyOrchestrator).Assembly)</c>.</summary>
    public WorkflowRegistry Registry { get; } = new();

    /// <summary>The engine time the host starts at (UTC). Default: the current time, to the whole second.</summary>
    public DateTimeOffset? StartTime { get; set; }

    /// <summary>
    /// Whether the host skips time by itself: while a client waits for an orchestration to finish
    /// (<see cref="WorkflowClient.WaitForCompletionAsync(string, CancellationToken)"/>) and nothing but durable timers is
    /// pending — no activity running, no message on its way — the clock jumps to the next timer. Default <c>true</c>.
    /// Without it, time moves only through <see cref="WorkflowTestClock.AdvanceAsync"/>.
    /// </summary>
    public bool AutoSkipTime { get; set; } = true;

    /// <summary>
    /// How long <see cref="WorkflowTestClock.AdvanceAsync"/> waits, at each timer it stops at, for activities that have
    /// not returned before it moves time on regardless (so a test can let a timeout fire while a fake activity hangs).
    /// Default 2 seconds.
    /// </summary>
    public TimeSpan ActivityWaitOnAdvance { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long <see cref="WorkflowTestClock.AdvanceAsync"/> waits for the engine to become idle before it
    /// throws a <see cref="TimeoutException"/> saying what is still busy. Default 30 seconds.</summary>
    public TimeSpan SettleTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The names of the activities replaced by fakes.</summary>
    public IReadOnlyCollection<string> OverriddenActivities => _overrides.Keys;

    /// <summary>Replaces the activity <paramref name="name"/> (or adds it, when the registry has none) with a fake.</summary>
    /// <typeparam name="TInput">The input type (deserialized from the call's JSON input).</typeparam>
    /// <typeparam name="TOutput">The output type (serialized to JSON for the orchestration).</typeparam>
    /// <param name="name">The activity name the orchestrations call.</param>
    /// <param name="body">The fake; a thrown exception fails the call as the real activity's would.</param>
    public WorkflowTestHostOptions OverrideActivity<TInput, TOutput>(string name, Func<TInput, TOutput> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return OverrideActivity<TInput, TOutput>(name, (_, input) => Task.FromResult(body(input)));
    }

    /// <summary>Replaces the activity <paramref name="name"/> (or adds it) with an asynchronous fake.</summary>
    /// <typeparam name="TInput">The input type.</typeparam>
    /// <typeparam name="TOutput">The output type.</typeparam>
    /// <param name="name">The activity name the orchestrations call.</param>
    /// <param name="body">The fake.</param>
    public WorkflowTestHostOptions OverrideActivity<TInput, TOutput>(string name, Func<TInput, Task<TOutput>> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return OverrideActivity<TInput, TOutput>(name, (_, input) => body(input));
    }

    /// <summary>Replaces the activity <paramref name="name"/> (or adds it) with a fake that also sees the call's context
    /// (instance id, attempt number).</summary>
    /// <typeparam name="TInput">The input type.</typeparam>
    /// <typeparam name="TOutput">The output type.</typeparam>
    /// <param name="name">The activity name the orchestrations call.</param>
    /// <param name="body">The fake.</param>
    public WorkflowTestHostOptions OverrideActivity<TInput, TOutput>(string name, Func<ActivityContext, TInput, Task<TOutput>> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return OverrideActivity(name, _ => new FakeActivity<TInput, TOutput>(body));
    }

    /// <summary>Replaces the activity <paramref name="name"/> (or adds it) with activities from <paramref name="factory"/>.</summary>
    /// <param name="name">The activity name the orchestrations call.</param>
    /// <param name="factory">Creates the activity for one call (from the host's services).</param>
    public WorkflowTestHostOptions OverrideActivity(string name, Func<IServiceProvider, ITaskActivity> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _ = new WorkflowRegistry().AddActivity(name, factory); // the registry's name rules, with its error
        if (!_overrides.TryAdd(name, factory))
        {
            throw new InvalidOperationException($"The activity '{name}' is already overridden.");
        }

        return this;
    }

    /// <summary>Adds services to the host's container (what the orchestrations, activities and entities inject).</summary>
    /// <param name="configure">Adds services.</param>
    public WorkflowTestHostOptions ConfigureServices(Action<IServiceCollection> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        _services.Add(configure);
        return this;
    }

    /// <summary>
    /// Runs the host on a store of your own instead of the in-memory one, e.g. the Azure Storage store on Azurite or a
    /// storage account (<c>o.UseStore(() =&gt; new AzureWorkflowStore(new AzureStorageAccount(new AzureStorageOptions { ConnectionString = "UseDevelopmentStorage=true", Prefix = "mytest" })))</c>,
    /// package <c>OrleansWorkflows.Storage.AzureStorage</c>) or the SQLite store on a file: instances then outlive the
    /// host, so a second host on the same store carries on where the first one stopped. Called once per host; the host
    /// disposes the store when it is disposed. Give each test a store (table prefix, file) of its own.
    /// </summary>
    /// <param name="create">Creates the store.</param>
    public WorkflowTestHostOptions UseStore(Func<IWorkflowStore> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        StoreFactory = create;
        return this;
    }

    /// <summary>The store the host runs on (<see cref="UseStore"/>), or <c>null</c> for the in-memory store.</summary>
    internal Func<IWorkflowStore>? StoreFactory { get; private set; }

    /// <summary>Sets engine options (e.g. <see cref="WorkflowEngineOptions.MaxPayloadLength"/>); registrations go to
    /// <see cref="Registry"/>.</summary>
    /// <param name="configure">Sets options.</param>
    public WorkflowTestHostOptions ConfigureEngine(Action<WorkflowEngineOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        _engine.Add(configure);
        return this;
    }

    /// <summary>Throws when a setting is out of range (before anything starts).</summary>
    internal void Validate()
    {
        if (ActivityWaitOnAdvance < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ActivityWaitOnAdvance), ActivityWaitOnAdvance, "WorkflowTestHostOptions.ActivityWaitOnAdvance must not be negative.");
        }

        if (SettleTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(SettleTimeout), SettleTimeout, "WorkflowTestHostOptions.SettleTimeout must be more than 0.");
        }
    }

    /// <summary>Applies the user's services.</summary>
    internal void ApplyServices(IServiceCollection services) => _services.ForEach(c => c(services));

    /// <summary>Fills the engine's registry from <see cref="Registry"/> with the overrides applied, then the engine options.</summary>
    internal void ApplyEngine(WorkflowEngineOptions engine)
    {
        var source = Registry;
        var target = engine.Registry;
        foreach (var name in source.OrchestratorNames)
        {
            foreach (var version in source.GetOrchestratorVersions(name))
            {
                target.AddOrchestrator(name, version, sp => source.CreateOrchestrator(name, version, sp)!);
            }

            target.SetDefaultVersion(name, source.GetDefaultVersion(name)).SetMissingVersionPolicy(name, source.GetMissingVersionPolicy(name));
        }

        foreach (var name in source.ActivityNames.Where(n => !_overrides.ContainsKey(n)))
        {
            target.AddActivity(name, sp => source.CreateActivity(name, sp)!);
        }

        foreach (var (name, factory) in _overrides)
        {
            target.AddActivity(name, factory);
        }

        foreach (var name in source.EntityNames)
        {
            target.AddEntity(name, sp => source.CreateEntity(name, sp)!);
        }

        _engine.ForEach(c => c(engine));
    }

    private sealed class FakeActivity<TInput, TOutput>(Func<ActivityContext, TInput, Task<TOutput>> body) : TaskActivity<TInput, TOutput>
    {
        public override Task<TOutput> RunAsync(ActivityContext context, TInput input) => body(context, input);
    }
}
