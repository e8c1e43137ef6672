using System.Reflection;

namespace OrleansWorkflows;

/// <summary>
/// The name an orchestrator, activity or entity class is registered under, instead of its class name: used by
/// <see cref="WorkflowRegistryAssemblyExtensions.AddWorkflowsFromAssembly"/> and by the generic <c>Add*&lt;T&gt;()</c>
/// registrations when they are given no name. The name is what callers use (<c>CallActivityAsync("name")</c>, HTTP
/// routes, <see cref="EntityId"/>) and what running instances' histories hold: choose it once and keep it when the class
/// is renamed.
/// </summary>
/// <param name="name">The registered name.</param>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class WorkflowNameAttribute(string name) : Attribute
{
    /// <summary>The registered name.</summary>
    public string Name { get; } = name;

    /// <summary>The name <paramref name="type"/> registers under: its <see cref="WorkflowNameAttribute"/>, else its class name.</summary>
    /// <param name="type">An orchestrator, activity or entity class.</param>
    public static string NameOf(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type.GetCustomAttribute<WorkflowNameAttribute>()?.Name ?? type.Name;
    }
}
