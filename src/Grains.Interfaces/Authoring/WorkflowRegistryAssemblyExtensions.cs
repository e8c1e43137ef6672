using System.Reflection;
using Microsoft.Extensions.DependencyInjection;

namespace OrleansWorkflows;

/// <summary>Registers every orchestrator, activity and entity class of an assembly in one call.</summary>
public static class WorkflowRegistryAssemblyExtensions
{
    /// <summary>
    /// Registers every public, non-abstract class of <paramref name="assembly"/> that implements
    /// <see cref="ITaskOrchestrator"/>, <see cref="ITaskActivity"/> or <see cref="ITaskEntity"/> (usually by deriving from
    /// <see cref="TaskOrchestrator{TInput,TOutput}"/>, <see cref="TaskActivity{TInput,TOutput}"/> or
    /// <see cref="TaskEntity{TState}"/>), each under its <see cref="WorkflowNameAttribute"/> or else its class name,
    /// created through dependency injection as <c>AddOrchestrator&lt;T&gt;()</c> and the others do. Non-public and abstract
    /// classes are left out. Orchestrator classes may share a name when their <see cref="WorkflowVersionAttribute"/>s differ
    /// (side-by-side versions). Everything is checked first: when any class cannot be registered — two classes with one
    /// name (and version), a name already registered, an invalid name, an open generic class, a class without a public constructor, a
    /// class that is more than one kind, a struct, or a <see cref="WorkflowNameAttribute"/> on a class that is left out —
    /// a <see cref="WorkflowRegistrationException"/> lists every problem and nothing is registered.
    /// </summary>
    /// <param name="registry">The registry (<c>AddOrleansWorkflows(o =&gt; o.Registry.AddWorkflowsFromAssembly(...))</c>).</param>
    /// <param name="assembly">The assembly to scan, e.g. <c>typeof(MyOrchestrator).Assembly</c>.</param>
    /// <returns>The same registry.</returns>
    /// <exception cref="WorkflowRegistrationException">A class cannot be registered (nothing was).</exception>
    public static WorkflowRegistry AddWorkflowsFromAssembly(this WorkflowRegistry registry, Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(assembly);
        Type[] types;
        try
        {
            types = assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            var causes = ex.LoaderExceptions.Where(e => e is not null).Select(e => e!.Message).Distinct();
            throw new WorkflowRegistrationException(
                [$"Assembly '{assembly.GetName().Name}': its types could not be loaded ({string.Join("; ", causes)})."]);
        }

        return registry.AddWorkflowClasses(types);
    }

    /// <summary>Registers the workflow classes among <paramref name="types"/> by the rules of <see cref="AddWorkflowsFromAssembly"/>.</summary>
    internal static WorkflowRegistry AddWorkflowClasses(this WorkflowRegistry registry, IEnumerable<Type> types)
    {
        var problems = new List<string>();
        var found = new List<WorkflowClass>();
        foreach (var type in types.Distinct().OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            if (Inspect(type, problems) is { } workflowClass)
            {
                found.Add(workflowClass);
            }
        }

        foreach (var clash in found.GroupBy(c => c.Kind).SelectMany(k => k.GroupBy(c => c.Name, StringComparer.OrdinalIgnoreCase))
            .SelectMany(n => n.GroupBy(c => c.Version, StringComparer.OrdinalIgnoreCase)).Where(g => g.Count() > 1))
        {
            var first = clash.First();
            problems.Add(first.Version is null
                ? $"{string.Join(" and ", clash.Select(c => Display(c.Type)))}: both register the {Describe(first.Kind)} name '{first.Name}' (names are case-insensitive); give one a different [WorkflowName(\"...\")]{(first.Kind == WorkflowKind.Orchestrator ? " or [WorkflowVersion(\"...\")]" : string.Empty)}."
                : $"{string.Join(" and ", clash.Select(c => Display(c.Type)))}: both register version '{first.Version}' of orchestration '{first.Name}'; give one a different [WorkflowVersion(\"...\")].");
        }

        foreach (var workflowClass in found.Where(c => IsRegistered(registry, c)))
        {
            problems.Add(workflowClass.Version is null
                ? $"{Display(workflowClass.Type)}: the {Describe(workflowClass.Kind)} name '{workflowClass.Name}' is already registered."
                : $"{Display(workflowClass.Type)}: version '{workflowClass.Version}' of orchestration '{workflowClass.Name}' is already registered.");
        }

        if (problems.Count > 0)
        {
            throw new WorkflowRegistrationException(problems);
        }

        foreach (var workflowClass in found)
        {
            Register(registry, workflowClass);
        }

        return registry;
    }

    /// <summary>The class as a registration, <c>null</c> when it is not one (left out, or a problem was added).</summary>
    private static WorkflowClass? Inspect(Type type, List<string> problems)
    {
        var kinds = KindsOf(type);
        if (kinds.Count == 0)
        {
            return null;
        }

        var named = type.IsDefined(typeof(WorkflowNameAttribute), inherit: false);
        if (!type.IsVisible || type.IsAbstract || type.IsInterface)
        {
            if (named)
            {
                problems.Add($"{Display(type)}: has [WorkflowName] but is not registered from an assembly: only public, non-abstract classes are.");
            }

            return null;
        }

        var shape = !type.IsClass ? "is a struct: workflow types must be classes."
            : kinds.Count > 1 ? $"is more than one kind ({string.Join(", ", kinds.Select(Describe))}): a class must be exactly one of orchestrator, activity or entity."
            : type.ContainsGenericParameters ? "is an open generic class: register a closed type with AddOrchestrator<T>, AddActivity<T> or AddEntity<T> instead."
            : type.GetConstructors(BindingFlags.Public | BindingFlags.Instance).Length == 0 ? "has no public constructor: it is created through dependency injection."
            : null;
        var name = WorkflowNameAttribute.NameOf(type);
        var version = WorkflowVersionAttribute.VersionOf(type);
        shape ??= (kinds[0] == WorkflowKind.Entity ? EntityId.ValidateName(name) : WorkflowRegistry.NameError(name)) is { } nameError
            ? $"its name is not valid: {nameError}"
            : null;
        shape ??= version is not null && kinds[0] != WorkflowKind.Orchestrator
            ? $"has [WorkflowVersion] but is an {Describe(kinds[0])}: only orchestrations have versions."
            : WorkflowRegistry.VersionError(version) is { } versionError ? $"its version is not valid: {versionError}" : null;
        if (shape is not null)
        {
            problems.Add($"{Display(type)}: {shape}");
            return null;
        }

        return new WorkflowClass(type, kinds[0], name, version);
    }

    private static List<WorkflowKind> KindsOf(Type type)
    {
        var kinds = new List<WorkflowKind>();
        if (typeof(ITaskOrchestrator).IsAssignableFrom(type))
        {
            kinds.Add(WorkflowKind.Orchestrator);
        }

        if (typeof(ITaskActivity).IsAssignableFrom(type))
        {
            kinds.Add(WorkflowKind.Activity);
        }

        if (typeof(ITaskEntity).IsAssignableFrom(type))
        {
            kinds.Add(WorkflowKind.Entity);
        }

        return kinds;
    }

    private static bool IsRegistered(WorkflowRegistry registry, WorkflowClass workflowClass) => workflowClass.Kind switch
    {
        WorkflowKind.Orchestrator => registry.GetOrchestratorVersions(workflowClass.Name).Contains(workflowClass.Version, StringComparer.OrdinalIgnoreCase),
        WorkflowKind.Activity => registry.HasActivity(workflowClass.Name),
        _ => registry.HasEntity(workflowClass.Name),
    };

    private static void Register(WorkflowRegistry registry, WorkflowClass workflowClass)
    {
        var type = workflowClass.Type;
        _ = workflowClass.Kind switch
        {
            WorkflowKind.Orchestrator => registry.AddOrchestrator(workflowClass.Name, workflowClass.Version, sp => (ITaskOrchestrator)ActivatorUtilities.CreateInstance(sp, type)),
            WorkflowKind.Activity => registry.AddActivity(workflowClass.Name, sp => (ITaskActivity)ActivatorUtilities.CreateInstance(sp, type)),
            _ => registry.AddEntity(workflowClass.Name, sp => (ITaskEntity)ActivatorUtilities.CreateInstance(sp, type)),
        };
    }

    private static string Describe(WorkflowKind kind) => kind switch
    {
        WorkflowKind.Orchestrator => "orchestration",
        WorkflowKind.Activity => "activity",
        _ => "entity",
    };

    private static string Display(Type type) => type.FullName ?? type.Name;

    private enum WorkflowKind
    {
        Orchestrator,
        Activity,
        Entity,
    }

    private sealed record WorkflowClass(Type Type, WorkflowKind Kind, string Name, string? Version);
}
