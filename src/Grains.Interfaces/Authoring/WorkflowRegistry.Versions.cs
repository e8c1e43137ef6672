namespace OrleansWorkflows;

/// <summary>Side-by-side orchestration versions: which version a new start takes, which one an instance runs.</summary>
public sealed partial class WorkflowRegistry
{
    /// <summary>The registered versions of orchestration <paramref name="name"/>, oldest first; <c>null</c> (first) is
    /// the unversioned registration. Empty when the name is unknown.</summary>
    /// <param name="name">The name.</param>
    public IReadOnlyList<string?> GetOrchestratorVersions(string name) =>
        _orchestrators.TryGetValue(name, out var versions) ? versions.All : [];

    /// <summary>True when an instance of <paramref name="name"/> that started as <paramref name="version"/> can run here:
    /// that version is registered, or (for <c>null</c>, an instance from before versions) the name is.</summary>
    /// <param name="name">The name.</param>
    /// <param name="version">The instance's version; <c>null</c> for an unversioned instance.</param>
    public bool HasOrchestrator(string name, string? version) => Resolve(name, version) is not null;

    /// <summary>
    /// The version a new start of <paramref name="name"/> takes when it asks for none: the pinned one
    /// (<see cref="SetDefaultVersion"/>), else the latest registered version (versions compare by their dot-separated
    /// numbers when both are numeric, e.g. 2 &lt; 10 and 1.9 &lt; 1.10, else as text); <c>null</c> when only the
    /// unversioned registration exists.
    /// </summary>
    /// <param name="name">The name.</param>
    public string? GetDefaultVersion(string name) =>
        _orchestrators.TryGetValue(name, out var versions) ? versions.PinnedDefault ?? versions.Latest : null;

    /// <summary>Pins the version new starts of <paramref name="name"/> take when they ask for none (default: the latest);
    /// <c>null</c> goes back to the latest. A pinned version must be registered when the silo starts.</summary>
    /// <param name="name">The orchestration name.</param>
    /// <param name="version">The version to pin, or <c>null</c> for the latest.</param>
    public WorkflowRegistry SetDefaultVersion(string name, string? version)
    {
        ValidateName(name);
        ValidateVersion(version);
        Versions(name).PinnedDefault = version;
        return this;
    }

    /// <summary>What an instance of <paramref name="name"/> does when its version is registered on no silo of the cluster
    /// (default <see cref="MissingVersionPolicy.Wait"/>).</summary>
    /// <param name="name">The orchestration name.</param>
    /// <param name="policy">Wait for a silo that has the version, or fail.</param>
    public WorkflowRegistry SetMissingVersionPolicy(string name, MissingVersionPolicy policy)
    {
        ValidateName(name);
        if (!Enum.IsDefined(policy))
        {
            throw new ArgumentOutOfRangeException(nameof(policy), policy, "Unknown missing-version policy.");
        }

        Versions(name).Policy = policy;
        return this;
    }

    /// <summary>What an instance of <paramref name="name"/> does when its version is registered on no silo.</summary>
    /// <param name="name">The orchestration name.</param>
    public MissingVersionPolicy GetMissingVersionPolicy(string name) =>
        _orchestrators.TryGetValue(name, out var versions) ? versions.Policy : MissingVersionPolicy.Wait;

    /// <summary>Creates the orchestrator an instance of <paramref name="name"/> started as <paramref name="version"/>
    /// runs, or <c>null</c> when it is not registered here (see <see cref="HasOrchestrator(string, string)"/>).</summary>
    /// <param name="name">The name.</param>
    /// <param name="version">The instance's version; <c>null</c> for an unversioned instance.</param>
    /// <param name="services">The service provider for constructor injection.</param>
    public ITaskOrchestrator? CreateOrchestrator(string name, string? version, IServiceProvider services) =>
        Resolve(name, version)?.Invoke(services);

    /// <summary>Every registered (name, version) pair; version <c>null</c> is the unversioned registration.</summary>
    internal IEnumerable<(string Name, string? Version)> OrchestratorVersions =>
        _orchestrators.SelectMany(o => o.Value.All.Select(v => (o.Key, v)));

    /// <summary>Why the versions are not usable (a pinned default that is not registered); empty when they are.</summary>
    internal IEnumerable<string> VersionProblems() =>
        _orchestrators.Where(o => o.Value.PinnedDefault is { } pinned && !o.Value.Has(pinned))
            .Select(o => $"Orchestration '{o.Key}' pins default version '{o.Value.PinnedDefault}', which is not registered.");

    /// <summary>Why <paramref name="version"/> is not a valid version (<c>null</c> is: unversioned), or <c>null</c> when it is.</summary>
    internal static string? VersionError(string? version) =>
        version is not null && NameError(version) is not null
            ? $"'{version}' is not a valid version: use 1-256 characters without / \\ # ? or control characters."
            : null;

    private Func<IServiceProvider, ITaskOrchestrator>? Resolve(string name, string? version) =>
        _orchestrators.TryGetValue(name, out var versions) ? versions.Resolve(version) : null;

    private OrchestrationVersions Versions(string name)
    {
        if (!_orchestrators.TryGetValue(name, out var versions))
        {
            _orchestrators[name] = versions = new OrchestrationVersions();
        }

        return versions;
    }

    private static void ValidateVersion(string? version)
    {
        if (VersionError(version) is { } error)
        {
            throw new ArgumentException(error, nameof(version));
        }
    }

    /// <summary>The registrations of one orchestration name: the unversioned one and the versions.</summary>
    private sealed class OrchestrationVersions
    {
        private readonly SortedDictionary<string, Func<IServiceProvider, ITaskOrchestrator>> _versioned = new(VersionComparer.Instance);
        private Func<IServiceProvider, ITaskOrchestrator>? _unversioned;

        public string? PinnedDefault { get; set; }

        public MissingVersionPolicy Policy { get; set; }

        public int Count => _versioned.Count + (_unversioned is null ? 0 : 1);

        public string? Latest => _versioned.Count == 0 ? null : _versioned.Keys.Last();

        public IReadOnlyList<string?> All => _unversioned is null ? [.. _versioned.Keys] : [null, .. _versioned.Keys];

        public bool Has(string version) => _versioned.ContainsKey(version);

        public bool TryAdd(string? version, Func<IServiceProvider, ITaskOrchestrator> factory)
        {
            if (version is not null)
            {
                return _versioned.TryAdd(version, factory);
            }

            if (_unversioned is not null)
            {
                return false;
            }

            _unversioned = factory;
            return true;
        }

        /// <summary>An unversioned instance (started before versions) runs the unversioned registration, else the default version.</summary>
        public Func<IServiceProvider, ITaskOrchestrator>? Resolve(string? version) => version is not null
            ? _versioned.GetValueOrDefault(version)
            : _unversioned ?? ((PinnedDefault ?? Latest) is { } fallback ? _versioned.GetValueOrDefault(fallback) : null);
    }
}
