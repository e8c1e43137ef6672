using System.Reflection;

namespace OrleansWorkflows;

/// <summary>
/// The version an orchestrator class is registered as (side-by-side versions): several classes may register one
/// <see cref="WorkflowNameAttribute"/> name with different versions, and every instance keeps running the version it
/// started with. Used by <see cref="WorkflowRegistryAssemblyExtensions.AddWorkflowsFromAssembly"/> and by
/// <c>AddOrchestrator&lt;T&gt;()</c> when it is given no version. A class without it is the unversioned registration.
/// </summary>
/// <param name="version">The version, e.g. <c>"2"</c> or <c>"2.1"</c> (1-256 characters without / \ # ? or control
/// characters; case-insensitive).</param>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class WorkflowVersionAttribute(string version) : Attribute
{
    /// <summary>The version.</summary>
    public string Version { get; } = version;

    /// <summary>The version <paramref name="type"/> registers as: its <see cref="WorkflowVersionAttribute"/>, else <c>null</c> (unversioned).</summary>
    /// <param name="type">An orchestrator class.</param>
    public static string? VersionOf(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type.GetCustomAttribute<WorkflowVersionAttribute>()?.Version;
    }
}
