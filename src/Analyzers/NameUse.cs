using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace OrleansWorkflows.Analyzers;

/// <summary>
/// A constant activity, orchestration or entity name used by orchestrator code (<c>context.CallActivityAsync</c>,
/// <c>context.CallSubOrchestratorAsync</c>, <c>new EntityId(...)</c>), with the input and result types of the call;
/// checked against the <see cref="WorkflowCatalog"/> once the whole compilation is known (OW1020, OW1021).
/// </summary>
internal sealed record NameUse(WorkflowKind Kind, string Name, Location NameLocation, IOperation? Input, ITypeSymbol? Result, Location CallLocation)
{
    /// <summary>The use <paramref name="operation"/> makes of a name, or <c>null</c>.</summary>
    public static NameUse? Of(IOperation operation, WorkflowSymbols symbols)
    {
        switch (operation)
        {
            case IInvocationOperation invocation when symbols.IsContext(invocation.TargetMethod.ContainingType):
                var kind = invocation.TargetMethod.Name switch
                {
                    "CallActivityAsync" => WorkflowKind.Activity,
                    "CallSubOrchestratorAsync" => WorkflowKind.Orchestration,
                    _ => (WorkflowKind?)null,
                };
                var name = Argument(invocation.Arguments, "name");
                if (kind is null || name?.ConstantValue is not { HasValue: true, Value: string text })
                {
                    return null;
                }

                var input = Argument(invocation.Arguments, "input");
                var result = invocation.TargetMethod.TypeArguments.Length == 1 ? invocation.TargetMethod.TypeArguments[0] : null;
                return new NameUse(kind.Value, text, name.Syntax.GetLocation(), input, result, invocation.Syntax.GetLocation());
            case IObjectCreationOperation creation when WorkflowSymbols.Same(creation.Type, symbols.EntityId):
                var entity = creation.Arguments.Length == 2 ? Argument(creation.Arguments, "name") : null;
                return entity?.ConstantValue is { HasValue: true, Value: string entityName }
                    ? new NameUse(WorkflowKind.Entity, entityName, entity.Syntax.GetLocation(), null, null, creation.Syntax.GetLocation())
                    : null;
            default:
                return null;
        }
    }

    /// <summary>The findings of this use against <paramref name="catalog"/>.</summary>
    public IEnumerable<Diagnostic> Check(WorkflowCatalog catalog, Compilation compilation)
    {
        var registration = catalog.Find(Kind, Name);
        if (registration is null)
        {
            if (!catalog.IsOpen(Kind))
            {
                var nearest = catalog.Nearest(Kind, Name);
                var properties = nearest is null
                    ? ImmutableDictionary<string, string?>.Empty
                    : ImmutableDictionary<string, string?>.Empty.Add(Rules.SuggestionProperty, nearest).Add(Rules.FixProperty, "Name");
                yield return Diagnostic.Create(Rules.UnknownName, NameLocation, properties, KindText(Kind, capital: false), Name, nearest is null ? string.Empty : $"; did you mean '{nearest}'?");
            }

            yield break;
        }

        var inputType = InputType(Input);
        if (registration.Input is { } takes && inputType is not null && !Converts(compilation, inputType, takes))
        {
            yield return Mismatch(registration, Input!.Syntax.GetLocation(), "takes", takes, "passes", inputType);
        }

        if (registration.Output is { } returns && Result is not null && !Converts(compilation, returns, Result))
        {
            yield return Mismatch(registration, CallLocation, "returns", returns, "expects", Result);
        }
    }

    private Diagnostic Mismatch(Registration registration, Location location, string verb, ITypeSymbol registered, string callVerb, ITypeSymbol used) =>
        Diagnostic.Create(
            Rules.TypeMismatch,
            location,
            KindText(Kind, capital: true),
            Name,
            registration.Source,
            verb,
            registered.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat),
            callVerb,
            used.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat));

    private static string KindText(WorkflowKind kind, bool capital) => (kind, capital) switch
    {
        (WorkflowKind.Activity, false) => "activity",
        (WorkflowKind.Activity, true) => "Activity",
        (WorkflowKind.Orchestration, false) => "orchestration",
        (WorkflowKind.Orchestration, true) => "Orchestration",
        (_, false) => "entity",
        _ => "Entity",
    };

    private static IOperation? Argument(ImmutableArray<IArgumentOperation> arguments, string parameter) =>
        arguments.FirstOrDefault(a => a.Parameter?.Name == parameter && a.ArgumentKind != ArgumentKind.DefaultValue)?.Value;

    /// <summary>The static type of the input before its conversion to <c>object</c>; <c>null</c> for a null literal or none.</summary>
    private static ITypeSymbol? InputType(IOperation? input)
    {
        while (input is IConversionOperation { IsImplicit: true } conversion)
        {
            input = conversion.Operand;
        }

        return input?.Type;
    }

    /// <summary>True when a <paramref name="from"/> value serialized as JSON reads back as <paramref name="to"/> (an implicit conversion, nullability aside).</summary>
    private static bool Converts(Compilation compilation, ITypeSymbol from, ITypeSymbol to)
    {
        from = Underlying(from);
        to = Underlying(to);
        if (to.SpecialType == SpecialType.System_Object || from is ITypeParameterSymbol or IErrorTypeSymbol || to is ITypeParameterSymbol or IErrorTypeSymbol
            || from.TypeKind == TypeKind.Dynamic || to.TypeKind == TypeKind.Dynamic)
        {
            return true;
        }

        return compilation.ClassifyCommonConversion(from, to).IsImplicit;
    }

    private static ITypeSymbol Underlying(ITypeSymbol type) =>
        type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable ? nullable.TypeArguments[0] : type;
}
