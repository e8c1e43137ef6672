using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Metadata;
using Orleans.Runtime;
using OrleansWorkflows.Runtime;
using Xunit;

namespace OrleansWorkflows.UnitTests.Contracts;

/// <summary>
/// Grain type names are persisted (reminder rows and stored grain ids hold them): each grain class carries an explicit
/// <c>[GrainType]</c> with the name Orleans derived from the class before the attribute existed, pinned here as a
/// literal. Grain interfaces and their methods carry explicit <c>[Alias]</c>es (the wire names), pinned too. The grain
/// classes and interfaces are found by reflection, so a new or renamed one fails until it is pinned.
/// </summary>
public sealed class GrainContractTests
{
    /// <summary>Grain class (CLR name) → grain type name (stored). Renaming a class keeps its [GrainType]; only the key
    /// here changes. Never change a value: stored reminders and grain ids would be orphaned.</summary>
    private static readonly Dictionary<string, string> PinnedGrainTypes = new()
    {
        ["OrleansWorkflows.Engine.OrchestrationGrain"] = "orchestration",
        ["OrleansWorkflows.Entities.EntityGrain"] = "entity",
        ["OrleansWorkflows.Engine.ActivityWorkerGrain"] = "activityworker",
        ["OrleansWorkflows.Engine.WorkflowManagementGrain"] = "workflowmanagement",
        ["OrleansWorkflows.Engine.RetentionGrain"] = "retention",
        ["OrleansWorkflows.Engine.RequestWindowGrain"] = "requestwindow",
        ["OrleansWorkflows.Engine.WakeSweepGrain"] = "wakesweep",
    };

    /// <summary>Grain interface (CLR name) → its alias and its methods' aliases, in declaration order.</summary>
    private static readonly Dictionary<string, (string Alias, string[] Methods)> PinnedInterfaces = new()
    {
        ["OrleansWorkflows.Runtime.IOrchestrationGrain"] = ("ow.IOrchestrationGrain",
            ["StartAsync", "RaiseEventAsync", "DeliverAsync", "DeliverResultAsync", "TerminateAsync", "SuspendAsync", "ResumeAsync", "RewindAsync",
             "PurgeAsync", "GetStatusAsync", "WaitForCompletionAsync"]),
        ["OrleansWorkflows.Runtime.IEntityGrain"] = ("ow.IEntityGrain", ["DeliverAsync", "SignalAsync", "GetAsync"]),
        ["OrleansWorkflows.Runtime.IActivityWorkerGrain"] = ("ow.IActivityWorkerGrain", ["ExecuteAsync"]),
        ["OrleansWorkflows.Runtime.IWorkflowManagementGrain"] = ("ow.IWorkflowManagementGrain", ["QueryAsync", "GetHistoryAsync"]),
        ["OrleansWorkflows.Engine.IOrchestrationWake"] = ("ow.IOrchestrationWake", ["WakeAsync"]),
        ["OrleansWorkflows.Engine.IEntityWake"] = ("ow.IEntityWake", ["WakeAsync"]),
        ["OrleansWorkflows.Engine.IWakeSweepGrain"] = ("ow.IWakeSweepGrain", ["EnsureRunningAsync", "SweepAsync"]),
        ["OrleansWorkflows.Engine.IRetentionGrain"] = ("ow.IRetentionGrain", ["EnsureScheduledAsync", "PurgeOlderThanAsync"]),
        ["OrleansWorkflows.Engine.IRequestWindowGrain"] = ("ow.IRequestWindowGrain", ["EnsureScheduledAsync", "ForgetOlderThanAsync"]),
    };

    private static readonly Assembly[] EngineAssemblies = [typeof(IOrchestrationGrain).Assembly, typeof(OrleansWorkflows.Engine.EngineState).Assembly];

    [Fact]
    public void EveryGrainClass_HasItsPinnedGrainType_AsResolvedByOrleans()
    {
        var resolver = Services().GetRequiredService<GrainTypeResolver>();
        var grainClasses = EngineAssemblies.SelectMany(a => a.GetTypes())
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(Grain).IsAssignableFrom(t)).ToList();

        Assert.NotEmpty(grainClasses);
        var problems = new List<string>();
        foreach (var grain in grainClasses)
        {
            var resolved = resolver.GetGrainType(grain).ToString();
            if (!PinnedGrainTypes.TryGetValue(grain.FullName!, out var pinned))
            {
                problems.Add($"grain class {grain.FullName} (grain type '{resolved}') is not pinned: a renamed class keeps its [GrainType] and only its key in {nameof(PinnedGrainTypes)} changes; a new one is added there");
            }
            else if (resolved != pinned)
            {
                problems.Add($"grain class {grain.FullName} resolves to grain type '{resolved}', but stored data holds '{pinned}'");
            }

            if (grain.GetCustomAttribute<GrainTypeAttribute>() is null)
            {
                problems.Add($"grain class {grain.FullName} has no explicit [GrainType(\"{pinned ?? resolved}\")]");
            }
        }

        problems.AddRange(PinnedGrainTypes.Keys.Except(grainClasses.Select(g => g.FullName!)).Select(k => $"pinned grain class {k} no longer exists (renamed?)"));
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void EveryGrainInterface_AndEveryMethod_HasItsPinnedAlias()
    {
        var resolver = Services().GetRequiredService<GrainInterfaceTypeResolver>();
        var interfaces = EngineAssemblies.SelectMany(a => a.GetTypes())
            .Where(t => t.IsInterface && typeof(IAddressable).IsAssignableFrom(t)).ToList();

        Assert.NotEmpty(interfaces);
        var problems = new List<string>();
        foreach (var type in interfaces)
        {
            var alias = type.GetCustomAttribute<AliasAttribute>()?.Alias;
            var methods = type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly).OrderBy(m => m.MetadataToken).ToList();
            var methodAliases = methods.Select(m => m.GetCustomAttribute<AliasAttribute>()?.Alias ?? $"(no [Alias] on {m.Name})").ToArray();
            if (!PinnedInterfaces.TryGetValue(type.FullName!, out var pinned))
            {
                problems.Add($"grain interface {type.FullName} is not pinned (alias '{alias}', methods {string.Join(", ", methodAliases)})");
                continue;
            }

            if (alias != pinned.Alias || resolver.GetGrainInterfaceType(type).ToString() != pinned.Alias)
            {
                problems.Add($"grain interface {type.FullName}: [Alias] '{alias}', interface type '{resolver.GetGrainInterfaceType(type)}', pinned '{pinned.Alias}'");
            }

            if (!methodAliases.SequenceEqual(pinned.Methods))
            {
                problems.Add($"grain interface {type.FullName}: method aliases [{string.Join(", ", methodAliases)}], pinned [{string.Join(", ", pinned.Methods)}]");
            }
        }

        problems.AddRange(PinnedInterfaces.Keys.Except(interfaces.Select(i => i.FullName!)).Select(k => $"pinned grain interface {k} no longer exists (renamed?)"));
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void EverySerializableType_CrossingGrainCalls_HasAnAlias()
    {
        var missing = EngineAssemblies.SelectMany(a => a.GetTypes())
            .Where(t => t.GetCustomAttribute<GenerateSerializerAttribute>() is not null && t.GetCustomAttribute<AliasAttribute>() is null)
            .Select(t => t.FullName).ToList();

        Assert.True(missing.Count == 0, $"[GenerateSerializer] types without [Alias]: {string.Join(", ", missing)}");
    }

    private static ServiceProvider Services() =>
        new ServiceCollection().AddOrleansClient(client => client.UseLocalhostClustering()).BuildServiceProvider();
}
