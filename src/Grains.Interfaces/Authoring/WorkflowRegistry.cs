using Microsoft.Extensions.DependencyInjection;

namespace OrleansWorkflows;

/// <summary>
/// The orchestrations and activities a silo can run, by name (case-insensitive, as in Durable Functions); orchestrations
/// by (name, version), several versions of one name side by side (see <c>WorkflowRegistry.Versions.cs</c>). Built at
/// start-up through <c>AddOrleansWorkflows(o =&gt; o.Registry...)</c>; read-only once the silo runs.
/// </summary>
public sealed partial class WorkflowRegistry
{
    private readonly Dictionary<string, OrchestrationVersions> _orchestrators = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Func<IServiceProvider, ITaskActivity>> _activities = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The registered orchestration names.</summary>
    public IReadOnlyCollection<string> OrchestratorNames => [.. _orchestrators.Where(o => o.Value.Count > 0).Select(o => o.Key)];

    /// <summary>The registered activity names.</summary>
    public IReadOnlyCollection<string> ActivityNames => _activities.Keys;

    /// <summary>Registers a class-based orchestration under <paramref name="name"/> (default: its <see cref="WorkflowNameAttribute"/>, else the class name).</summary>
    /// <typeparam name="T">The orchestrator type; created through DI for every execution.</typeparam>
    /// <param name="name">The name.</param>
    /// <param name="version">The version (default: its <see cref="WorkflowVersionAttribute"/>, else unversioned).</param>
    public WorkflowRegistry AddOrchestrator<T>(string? name = null, string? version = null)
        where T : class, ITaskOrchestrator
        => AddOrchestrator(
            name ?? WorkflowNameAttribute.NameOf(typeof(T)), version ?? WorkflowVersionAttribute.VersionOf(typeof(T)), sp => ActivatorUtilities.CreateInstance<T>(sp));

    /// <summary>Registers an orchestration written as a delegate.</summary>
    /// <param name="name">The name.</param>
    /// <param name="body">The orchestration body; its result is serialized to JSON.</param>
    public WorkflowRegistry AddOrchestrator(string name, Func<OrchestrationContext, Task<object?>> body) => AddOrchestrator(name, null, body);

    /// <summary>Registers version <paramref name="version"/> of an orchestration written as a delegate.</summary>
    /// <param name="name">The name.</param>
    /// <param name="version">The version; <c>null</c> for the unversioned registration.</param>
    /// <param name="body">The orchestration body; its result is serialized to JSON.</param>
    public WorkflowRegistry AddOrchestrator(string name, string? version, Func<OrchestrationContext, Task<object?>> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return AddOrchestrator(name, version, _ => new FuncOrchestrator(body));
    }

    /// <summary>Registers an orchestration factory.</summary>
    /// <param name="name">The name.</param>
    /// <param name="factory">Creates the orchestrator for one execution.</param>
    public WorkflowRegistry AddOrchestrator(string name, Func<IServiceProvider, ITaskOrchestrator> factory) => AddOrchestrator(name, null, factory);

    /// <summary>Registers version <paramref name="version"/> of an orchestration factory. Versions of one name run side by
    /// side: each instance records the version it started with and keeps running it.</summary>
    /// <param name="name">The name.</param>
    /// <param name="version">The version; <c>null</c> for the unversioned registration.</param>
    /// <param name="factory">Creates the orchestrator for one execution.</param>
    public WorkflowRegistry AddOrchestrator(string name, string? version, Func<IServiceProvider, ITaskOrchestrator> factory)
    {
        ValidateName(name);
        ValidateVersion(version);
        ArgumentNullException.ThrowIfNull(factory);
        var versions = Versions(name);
        if (!versions.TryAdd(version, factory))
        {
            throw new InvalidOperationException(version is null
                ? $"An orchestration named '{name}' is already registered."
                : $"Version '{version}' of orchestration '{name}' is already registered.");
        }

        return this;
    }

    /// <summary>Registers a class-based activity under <paramref name="name"/> (default: its <see cref="WorkflowNameAttribute"/>, else the class name).</summary>
    /// <typeparam name="T">The activity type; created through DI for every call.</typeparam>
    /// <param name="name">The name.</param>
    public WorkflowRegistry AddActivity<T>(string? name = null)
        where T : class, ITaskActivity
        => AddActivity(name ?? WorkflowNameAttribute.NameOf(typeof(T)), sp => ActivatorUtilities.CreateInstance<T>(sp));

    /// <summary>Registers an activity written as a delegate.</summary>
    /// <typeparam name="TInput">The input type.</typeparam>
    /// <typeparam name="TOutput">The output type.</typeparam>
    /// <param name="name">The name.</param>
    /// <param name="body">The activity body.</param>
    public WorkflowRegistry AddActivity<TInput, TOutput>(string name, Func<ActivityContext, TInput, Task<TOutput>> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return AddActivity(name, _ => new FuncActivity<TInput, TOutput>(body));
    }

    /// <summary>Registers an activity factory.</summary>
    /// <param name="name">The name.</param>
    /// <param name="factory">Creates the activity for one call.</param>
    public WorkflowRegistry AddActivity(string name, Func<IServiceProvider, ITaskActivity> factory)
    {
        ValidateName(name);
        ArgumentNullException.ThrowIfNull(factory);
        if (!_activities.TryAdd(name, factory))
        {
            throw new InvalidOperationException($"An activity named '{name}' is already registered.");
        }

        return this;
    }

    /// <summary>True when an orchestration named <paramref name="name"/> is registered (in any version).</summary>
    /// <param name="name">The name.</param>
    public bool HasOrchestrator(string name) => _orchestrators.TryGetValue(name, out var versions) && versions.Count > 0;

    /// <summary>True when an activity named <paramref name="name"/> is registered.</summary>
    /// <param name="name">The name.</param>
    public bool HasActivity(string name) => _activities.ContainsKey(name);

    /// <summary>Creates the orchestrator an unversioned instance of <paramref name="name"/> runs (the unversioned
    /// registration, else the default version), or <c>null</c> when unknown.</summary>
    /// <param name="name">The name.</param>
    /// <param name="services">The service provider for constructor injection.</param>
    public ITaskOrchestrator? CreateOrchestrator(string name, IServiceProvider services) => CreateOrchestrator(name, null, services);

    /// <summary>Creates the activity registered as <paramref name="name"/>, or <c>null</c> when unknown.</summary>
    /// <param name="name">The name.</param>
    /// <param name="services">The service provider for constructor injection.</param>
    public ITaskActivity? CreateActivity(string name, IServiceProvider services) =>
        _activities.TryGetValue(name, out var factory) ? factory(services) : null;

    /// <summary>Why <paramref name="name"/> is not a valid orchestration or activity name, or <c>null</c> when it is.</summary>
    internal static string? NameError(string? name) =>
        string.IsNullOrWhiteSpace(name) || name.Length > 256 || name.Any(char.IsControl) || name.IndexOfAny(['/', '\\', '#', '?']) >= 0
            ? $"'{name}' is not a valid name: use 1-256 characters without / \\ # ? or control characters."
            : null;

    private static void ValidateName(string name)
    {
        if (NameError(name) is { } error)
        {
            throw new ArgumentException(error, nameof(name));
        }
    }
}
