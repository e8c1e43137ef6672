using OrleansWorkflows.Replay;
using Xunit;

namespace OrleansWorkflows.UnitTests.Architecture;

/// <summary>
/// Layering guards read from the compiled assemblies' metadata (what the code really uses, also through
/// <c>global using</c>s and generated code, never a grep of the source): the replay core stays free of Orleans, and
/// the gateway's endpoints go through the client facade only.
/// </summary>
public sealed class LayeringTests
{
    private static readonly string[] ReplayCore = ["OrleansWorkflows.Replay", "OrleansWorkflows.History"];

    [Fact]
    public void ReplayCore_UsesNoOrleansType()
    {
        var engine = typeof(OrchestrationExecutor).Assembly.Location;

        var violations = Violations(engine, ReplayCore, IsOrleans);

        Assert.True(Types(engine, ReplayCore).Count > 20, "the replay core was not found in the engine assembly");
        Assert.True(violations.Count == 0, "The replay core (Replay/, History/) must not use Orleans:\n" + string.Join("\n", violations));
    }

    [Fact]
    public void GatewayApi_UsesOnlyTheClientFacade()
    {
        var gateway = BuiltAssembly("GatewayDll");
        string[] api = ["OrleansWorkflows.Gateway.Api"];

        var violations = Violations(gateway, api, d => (IsOrleans(d) && !IsException(d)) || d.Assembly == "OrleansWorkflows.Grains" || IsGrainInterface(d));

        Assert.True(Types(gateway, api).Count > 10, "the gateway's Api namespace was not found");
        Assert.True(violations.Count == 0, "The gateway's Api/ must use only the client facade (WorkflowClient and its DTOs), no Orleans type (other than the exceptions the facade lets through, which the error filter maps), grain interface or engine type:\n" + string.Join("\n", violations));
    }

    /// <summary>Orleans' own types (Orleans.Core, Orleans.Runtime, Orleans.Serialization, ...).</summary>
    private static bool IsOrleans(TypeDependency dependency) =>
        dependency.Assembly.StartsWith("Orleans.", StringComparison.Ordinal) || dependency.Assembly == "Orleans"
        || dependency.Namespace == "Orleans" || dependency.Namespace.StartsWith("Orleans.", StringComparison.Ordinal);

    /// <summary>An exception type (the client facade lets Orleans' own, e.g. <c>OrleansException</c>, through to the
    /// gateway's error filter, which answers them as 503).</summary>
    private static bool IsException(TypeDependency dependency) =>
        Type.GetType($"{dependency.FullName}, {dependency.Assembly}") is { } type && type.IsAssignableTo(typeof(Exception));

    /// <summary>A grain interface of the public API project (an Orleans addressable).</summary>
    private static bool IsGrainInterface(TypeDependency dependency) =>
        dependency.Assembly == "OrleansWorkflows.Grains.Interfaces"
        && Type.GetType($"{dependency.FullName}, {dependency.Assembly}") is { } type
        && type.IsAssignableTo(typeof(IAddressable));

    private static List<string> Violations(string assembly, string[] namespaces, Func<TypeDependency, bool> forbidden) =>
        [.. from type in Types(assembly, namespaces)
            from dependency in type.Value
            where forbidden(dependency)
            orderby type.Key, dependency.FullName
            select $"{type.Key} uses {dependency}"];

    private static List<KeyValuePair<string, IReadOnlySet<TypeDependency>>> Types(string assembly, string[] namespaces) =>
        [.. TypeReferenceReader.Read(assembly).Where(t => namespaces.Any(n => t.Key.StartsWith(n + ".", StringComparison.Ordinal)))];

    private static string BuiltAssembly(string key) =>
        typeof(LayeringTests).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>()
            .Single(a => a.Key == key).Value ?? throw new InvalidOperationException($"No {key} metadata.");
}
