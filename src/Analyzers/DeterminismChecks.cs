using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace OrleansWorkflows.Analyzers;

/// <summary>
/// The determinism rules (OW1001-OW1012) for one operation: what it breaks, if anything, and what a code fix needs
/// (the name of an orchestration context in scope, whether the code can <c>await</c>).
/// </summary>
internal static class DeterminismChecks
{
    /// <summary>The rule <paramref name="operation"/> breaks in orchestrator code, or <c>null</c>.</summary>
    public static Finding? Check(IOperation operation, WorkflowSymbols symbols) => operation switch
    {
        IPropertyReferenceOperation property => Property(property, symbols),
        IInvocationOperation invocation => Invocation(invocation, symbols),
        IObjectCreationOperation creation => Creation(creation),
        IFieldReferenceOperation { Field: { IsStatic: true, IsConst: false, IsReadOnly: false } field } when field.ContainingType?.TypeKind != TypeKind.Enum
            => new Finding(Rules.StaticField, operation.Syntax.GetLocation(), ImmutableDictionary<string, string?>.Empty, field.ContainingType?.Name + "." + field.Name),
        _ => null,
    };

    private static Finding? Property(IPropertyReferenceOperation operation, WorkflowSymbols symbols)
    {
        var property = operation.Property;
        var type = TypeNames.Of(property.ContainingType);
        switch (type, property.Name)
        {
            case ("System.DateTime", "Now" or "UtcNow" or "Today"):
            case ("System.DateTimeOffset", "Now" or "UtcNow"):
                var context = ContextName(operation, symbols);
                var fix = type == "System.DateTimeOffset" ? "Offset" : property.Name == "Today" ? "Today" : "Now";
                return new Finding(Rules.Clock, Where(operation), Properties(context, fix), property.ContainingType!.Name + "." + property.Name, context ?? "context");
            case ("System.Random", "Shared"):
                return new Finding(Rules.Random, Where(operation), ImmutableDictionary<string, string?>.Empty, "Random.Shared");
            case ("System.Environment", var name) when TypeNames.EnvironmentMembers.Contains(name):
                return new Finding(Rules.Environment, Where(operation), ImmutableDictionary<string, string?>.Empty, name);
            case (_, "Result") when symbols.IsTaskLike(property.ContainingType):
                return new Finding(Rules.Blocking, Where(operation), Properties(null, CanAwait(operation) ? "Result" : null), ".Result");
            default:
                return IsIoUse(operation.Instance, property.ContainingType)
                    ? new Finding(Rules.InputOutput, Where(operation), ImmutableDictionary<string, string?>.Empty, property.ContainingType!.Name + "." + property.Name)
                    : null;
        }
    }

    private static Finding? Invocation(IInvocationOperation operation, WorkflowSymbols symbols)
    {
        var method = operation.TargetMethod;
        var type = TypeNames.Of(method.ContainingType);
        var none = ImmutableDictionary<string, string?>.Empty;
        switch (type, method.Name)
        {
            case ("System.Guid", "NewGuid" or "CreateVersion7"):
                var context = ContextName(operation, symbols);
                return new Finding(Rules.NewGuid, Where(operation), Properties(context, method.Name == "NewGuid" ? "NewGuid" : null), method.Name, context ?? "context");
            case ("System.Threading.Tasks.Task", "Delay"):
                context = ContextName(operation, symbols);
                return new Finding(Rules.Delay, Where(operation), Properties(context, DelayFix(method)), context ?? "context");
            case ("System.Threading.Thread", "Sleep"):
                context = ContextName(operation, symbols);
                var sleepFix = operation.Parent is IExpressionStatementOperation && CanAwait(operation) ? DelayFix(method) : null;
                return new Finding(Rules.Sleep, Where(operation), Properties(context, sleepFix), context ?? "context");
            case ("System.Threading.Tasks.Task", "Run"):
            case ("System.Threading.Tasks.TaskFactory" or "System.Threading.Tasks.TaskFactory`1", "StartNew"):
            case ("System.Threading.ThreadPool", "QueueUserWorkItem" or "UnsafeQueueUserWorkItem"):
            case ("System.Threading.Tasks.Parallel", _):
                return new Finding(Rules.ThreadPool, Where(operation), none, method.ContainingType.Name + "." + method.Name);
            case (_, "ConfigureAwait") when symbols.IsTaskLike(method.ContainingType) && LeavesScheduler(operation):
                return new Finding(Rules.ConfigureAwait, Where(operation), Properties(null, "ConfigureAwait"));
            case (_, "Wait") when symbols.IsTaskLike(method.ContainingType):
                var waitFix = method.Parameters.Length == 0 && operation.Parent is IExpressionStatementOperation && CanAwait(operation) ? "Wait" : null;
                return new Finding(Rules.Blocking, Where(operation), Properties(null, waitFix), ".Wait()");
            case ("System.Threading.Tasks.Task", "WaitAll" or "WaitAny"):
                return new Finding(Rules.Blocking, Where(operation), none, "Task." + method.Name);
            case ("System.Runtime.CompilerServices.TaskAwaiter" or "System.Runtime.CompilerServices.TaskAwaiter`1"
                or "System.Runtime.CompilerServices.ValueTaskAwaiter" or "System.Runtime.CompilerServices.ValueTaskAwaiter`1", "GetResult"):
                return new Finding(Rules.Blocking, Where(operation), none, "GetAwaiter().GetResult()");
            case ("System.Security.Cryptography.RandomNumberGenerator", _) when method.IsStatic:
                return new Finding(Rules.Random, Where(operation), none, "RandomNumberGenerator." + method.Name);
            case ("System.Environment", var name) when TypeNames.EnvironmentMembers.Contains(name):
                return new Finding(Rules.Environment, Where(operation), none, name);
            case ("System.Threading.CancellationTokenSource", "CancelAsync"):
                var cancelFix = operation.Parent is IAwaitOperation { Parent: IExpressionStatementOperation } ? "CancelAsync" : null;
                return new Finding(Rules.Cancellation, Where(operation), Properties(null, cancelFix), "CancellationTokenSource.CancelAsync");
            case ("System.Threading.CancellationTokenSource", "CancelAfter"):
                return new Finding(Rules.Cancellation, Where(operation), none, "CancellationTokenSource.CancelAfter");
            default:
                var io = method.IsExtensionMethod
                    ? TypeNames.IsIo(method.ContainingType) || IsIoUse(operation.Arguments.FirstOrDefault()?.Value, null)
                    : IsIoUse(operation.Instance, method.ContainingType);
                return io ? new Finding(Rules.InputOutput, Where(operation), none, method.ContainingType.Name + "." + method.Name) : null;
        }
    }

    private static Finding? Creation(IObjectCreationOperation operation)
    {
        var type = operation.Type;
        var none = ImmutableDictionary<string, string?>.Empty;
        return TypeNames.Of(type) switch
        {
            "System.Random" => new Finding(Rules.Random, Where(operation), none, "new Random()"),
            "System.Threading.CancellationTokenSource" when operation.Arguments.Length > 0
                => new Finding(Rules.Cancellation, Where(operation), none, "new CancellationTokenSource(delay)"),
            _ when TypeNames.IsIo(type) => new Finding(Rules.InputOutput, Where(operation), none, "new " + type!.Name + "()"),
            _ => null,
        };
    }

    /// <summary>
    /// An I/O member used on an I/O type: statically, or on a variable, parameter, field or property (a member called on
    /// an I/O object just created or returned is the creation's or the call's finding, not another one).
    /// </summary>
    private static bool IsIoUse(IOperation? instance, ITypeSymbol? containingType)
    {
        if (instance is null)
        {
            return containingType is not null && TypeNames.IsIo(containingType);
        }

        while (instance is IConversionOperation conversion)
        {
            instance = conversion.Operand;
        }

        return instance is ILocalReferenceOperation or IParameterReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation
            && TypeNames.IsIo(instance.Type);
    }

    private static bool LeavesScheduler(IInvocationOperation operation)
    {
        if (operation.Arguments.Length != 1)
        {
            return false;
        }

        var value = operation.Arguments[0].Value.ConstantValue;
        return value.HasValue && value.Value switch
        {
            bool continueOnCapturedContext => !continueOnCapturedContext,
            int options => (options & 1) == 0, // ConfigureAwaitOptions without ContinueOnCapturedContext
            _ => false,
        };
    }

    private static string? DelayFix(IMethodSymbol method) => method.Parameters.Length switch
    {
        1 when method.Parameters[0].Type.SpecialType == SpecialType.System_Int32 => "Milliseconds",
        1 when TypeNames.Of(method.Parameters[0].Type) == "System.TimeSpan" => "TimeSpan",
        2 when method.Parameters[0].Type.SpecialType == SpecialType.System_Int32
            && TypeNames.Of(method.Parameters[1].Type) == "System.Threading.CancellationToken" => "Milliseconds",
        2 when TypeNames.Of(method.Parameters[0].Type) == "System.TimeSpan"
            && TypeNames.Of(method.Parameters[1].Type) == "System.Threading.CancellationToken" => "TimeSpan",
        _ => null,
    };

    private static ImmutableDictionary<string, string?> Properties(string? context, string? fix)
    {
        var properties = ImmutableDictionary<string, string?>.Empty;
        if (fix is null)
        {
            return properties;
        }

        if (context is not null)
        {
            properties = properties.Add(Rules.ContextProperty, context);
        }

        return properties.Add(Rules.FixProperty, fix);
    }

    private static Location Where(IOperation operation) => operation.Syntax.GetLocation();

    /// <summary>
    /// The name of an orchestration context (a parameter or local of the enclosing code, declared before
    /// <paramref name="operation"/>), or <c>null</c> when there is none: then the rule is reported without a fix.
    /// </summary>
    private static string? ContextName(IOperation operation, WorkflowSymbols symbols)
    {
        var model = operation.SemanticModel;
        if (model is null)
        {
            return null;
        }

        var position = operation.Syntax.SpanStart;
        ISymbol? best = null;
        var bestStart = -1;
        foreach (var symbol in model.LookupSymbols(position))
        {
            var type = symbol switch
            {
                IParameterSymbol parameter => parameter.Type,
                ILocalSymbol local => local.Type,
                _ => null,
            };
            var declaration = symbol.DeclaringSyntaxReferences.FirstOrDefault();
            if (type is null || !symbols.IsContext(type) || declaration is null || declaration.SyntaxTree != operation.Syntax.SyntaxTree
                || (symbol is ILocalSymbol && declaration.Span.End > position))
            {
                continue;
            }

            // The innermost declaration wins: a lambda's context parameter over the enclosing method's.
            if (declaration.Span.Start > bestStart)
            {
                best = symbol;
                bestStart = declaration.Span.Start;
            }
        }

        return best?.Name;
    }

    /// <summary>True when the code around <paramref name="operation"/> is an async method, lambda or local function.</summary>
    private static bool CanAwait(IOperation operation) =>
        operation.SemanticModel?.GetEnclosingSymbol(operation.Syntax.SpanStart) is IMethodSymbol { IsAsync: true };
}
