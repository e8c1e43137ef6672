using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace OrleansWorkflows.Analyzers;

/// <summary>One rule broken at one place, not yet reported (orchestrator code only learns late that it is one).</summary>
/// <param name="Rule">The rule.</param>
/// <param name="Location">Where.</param>
/// <param name="Properties">What the code fix needs.</param>
/// <param name="Args">The message arguments.</param>
internal sealed record Finding(DiagnosticDescriptor Rule, Location Location, ImmutableDictionary<string, string?> Properties, params object[] Args)
{
    public Diagnostic ToDiagnostic() => Diagnostic.Create(Rule, Location, Properties, Args);
}
