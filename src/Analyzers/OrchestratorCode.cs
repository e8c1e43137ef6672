using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace OrleansWorkflows.Analyzers;

/// <summary>
/// The state of one compilation's analysis: which methods are orchestrator code (the roots: orchestrator classes'
/// members and registered orchestrator lambdas or methods; then whatever they call), the findings of methods not yet
/// known to be orchestrator code and the entity names they use, and the registrations.
/// </summary>
internal sealed class OrchestratorCode(WorkflowSymbols symbols, WorkflowCatalog catalog)
{
    private readonly ConcurrentDictionary<IMethodSymbol, byte> _seeds = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IMethodSymbol, ConcurrentQueue<IMethodSymbol>> _calls = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IMethodSymbol, ConcurrentQueue<Finding>> _pending = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IMethodSymbol, ConcurrentQueue<NameUse>> _pendingNames = new(SymbolEqualityComparer.Default);

    /// <summary>Walks one method, accessor, constructor or initializer.</summary>
    public void Analyze(OperationBlockAnalysisContext context)
    {
        var owner = context.OwningSymbol;
        var root = symbols.IsOrchestrator(owner.ContainingType) && !symbols.IsActivityOrEntity(owner.ContainingType);
        var frame = new Frame(root, owner is IMethodSymbol method ? Normalize(method) : null, context.ReportDiagnostic);
        foreach (var block in context.OperationBlocks)
        {
            Walk(block, frame);
        }
    }

    /// <summary>Reports what the methods reached from orchestrator code break (their entity names included).</summary>
    public void ReportEnd(CompilationAnalysisContext context)
    {
        var reached = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
        var queue = new Queue<IMethodSymbol>(_seeds.Keys);
        while (queue.Count > 0)
        {
            var method = queue.Dequeue();
            if (!reached.Add(method))
            {
                continue;
            }

            if (_calls.TryGetValue(method, out var callees))
            {
                foreach (var callee in callees)
                {
                    queue.Enqueue(callee);
                }
            }
        }

        foreach (var method in reached.OrderBy(m => m.ToDisplayString(), StringComparer.Ordinal))
        {
            if (_pending.TryGetValue(method, out var findings))
            {
                foreach (var finding in findings)
                {
                    context.ReportDiagnostic(finding.ToDiagnostic());
                }
            }

            if (_pendingNames.TryGetValue(method, out var names))
            {
                Report(context, names);
            }
        }

    }

    private void Report(CompilationAnalysisContext context, IEnumerable<NameUse> uses)
    {
        foreach (var use in uses)
        {
            foreach (var diagnostic in use.Check(catalog, symbols.Compilation))
            {
                context.ReportDiagnostic(diagnostic);
            }
        }
    }

    private void Walk(IOperation operation, Frame frame)
    {
        if (operation is IInvocationOperation invocation && WalkRegisteredOrchestrator(invocation, frame))
        {
            return;
        }

        Visit(operation, frame);
        foreach (var child in operation.ChildOperations)
        {
            Walk(child, frame);
        }
    }

    private void Visit(IOperation operation, Frame frame)
    {
        if (DeterminismChecks.Check(operation, symbols) is { } finding)
        {
            if (frame.Root)
            {
                frame.Report(finding.ToDiagnostic());
            }
            else if (frame.Method is { } method)
            {
                _pending.GetOrAdd(method, _ => new ConcurrentQueue<Finding>()).Enqueue(finding);
            }
        }

        if (NameUse.Of(operation, symbols) is { } use)
        {
            // A context call is orchestrator code wherever it is; an EntityId only inside orchestrator code.
            if (frame.Root || use.Kind != WorkflowKind.Entity)
            {
                foreach (var diagnostic in use.Check(catalog, symbols.Compilation))
                {
                    frame.Report(diagnostic);
                }
            }
            else if (frame.Method is { } method)
            {
                _pendingNames.GetOrAdd(method, _ => new ConcurrentQueue<NameUse>()).Enqueue(use);
            }
        }

        if (Callee(operation) is { } callee)
        {
            if (frame.Root)
            {
                _seeds.TryAdd(callee, 0);
            }
            else if (frame.Method is { } method)
            {
                _calls.GetOrAdd(method, _ => new ConcurrentQueue<IMethodSymbol>()).Enqueue(callee);
            }
        }
    }

    /// <summary>
    /// <c>registry.AddOrchestrator(name, body)</c> with a delegate body: the body is orchestrator code (a lambda is walked
    /// as a root here; a method group becomes a root of its own); the rest of the call is walked as usual.
    /// </summary>
    private bool WalkRegisteredOrchestrator(IInvocationOperation invocation, Frame frame)
    {
        if (invocation.TargetMethod is not { Name: "AddOrchestrator", TypeArguments.Length: 0 } method
            || !WorkflowSymbols.Same(method.ContainingType, symbols.Registry)
            || invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "body") is not { } body)
        {
            return false;
        }

        Visit(invocation, frame);
        if (invocation.Instance is { } instance)
        {
            Walk(instance, frame);
        }

        foreach (var argument in invocation.Arguments)
        {
            var value = argument.Value is IDelegateCreationOperation creation ? creation.Target : argument.Value;
            switch (argument == body ? value : null)
            {
                case IAnonymousFunctionOperation lambda:
                    Walk(lambda.Body, frame with { Root = true });
                    break;
                case IMethodReferenceOperation reference when InCompilation(reference.Method):
                    _seeds.TryAdd(Normalize(reference.Method), 0);
                    break;
                default:
                    Walk(argument, frame);
                    break;
            }
        }

        return true;
    }

    /// <summary>The method of this compilation that <paramref name="operation"/> calls (or reads, constructs, refers to).</summary>
    private IMethodSymbol? Callee(IOperation operation)
    {
        var method = operation switch
        {
            IInvocationOperation invocation => invocation.TargetMethod,
            IObjectCreationOperation creation => creation.Constructor,
            IMethodReferenceOperation reference => reference.Method,
            IPropertyReferenceOperation property => property.Property.GetMethod ?? property.Property.SetMethod,
            _ => null,
        };
        if (method is null || !InCompilation(method) || symbols.IsActivityOrEntity(method.ContainingType))
        {
            return null;
        }

        return Normalize(method);
    }

    private bool InCompilation(IMethodSymbol method) =>
        WorkflowSymbols.Same(method.ContainingAssembly, symbols.Compilation.Assembly) && method.Locations.Any(l => l.IsInSource);

    private static IMethodSymbol Normalize(IMethodSymbol method)
    {
        method = method.ReducedFrom ?? method;
        method = method.OriginalDefinition;
        return method.PartialImplementationPart ?? method;
    }

    private sealed record Frame(bool Root, IMethodSymbol? Method, Action<Diagnostic> Report);
}
