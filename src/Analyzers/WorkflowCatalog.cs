using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace OrleansWorkflows.Analyzers;

/// <summary>What a name is registered as.</summary>
internal enum WorkflowKind
{
    Orchestration,
    Activity,
    Entity,
}

/// <summary>One registered name: the class (or delegate) behind it and its input and output types when known.</summary>
internal sealed record Registration(WorkflowKind Kind, string Name, string Source, ITypeSymbol? Input, ITypeSymbol? Output);

/// <summary>
/// The orchestration, activity and entity names of a compilation: every orchestrator, activity and entity class of it and
/// of the assemblies it references that build on the authoring API (what <c>AddWorkflowsFromAssembly</c> registers),
/// and every <c>WorkflowRegistry.AddOrchestrator/AddActivity/AddEntity</c> call with a constant name. A registration
/// whose name is not constant makes every name of its kind possible. Built once when the compilation starts, so the
/// name rules are reported where the name is used, as it is typed (and their code fix is offered).
/// </summary>
internal sealed class WorkflowCatalog
{
    private readonly ConcurrentDictionary<string, Registration> _names = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<WorkflowKind, bool> _dynamic = new();
    private readonly WorkflowSymbols _symbols;

    public WorkflowCatalog(WorkflowSymbols symbols, CancellationToken cancellationToken)
    {
        _symbols = symbols;
        AddTypes(symbols.Compilation.Assembly.GlobalNamespace, publicOnly: false);
        foreach (var assembly in symbols.Compilation.SourceModule.ReferencedAssemblySymbols)
        {
            if (assembly.Modules.Any(m => m.ReferencedAssemblySymbols.Any(r => WorkflowSymbols.Same(r, symbols.AbstractionsAssembly))))
            {
                AddTypes(assembly.GlobalNamespace, publicOnly: true);
            }
        }

        AddRegistrationCalls(cancellationToken);
    }

    /// <summary>Records <paramref name="invocation"/> when it is a registration call.</summary>
    private void AddRegistration(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        if (!WorkflowSymbols.Same(method.ContainingType, _symbols.Registry))
        {
            return;
        }

        WorkflowKind kind;
        switch (method.Name)
        {
            case "AddOrchestrator": kind = WorkflowKind.Orchestration; break;
            case "AddActivity": kind = WorkflowKind.Activity; break;
            case "AddEntity": kind = WorkflowKind.Entity; break;
            default: return;
        }

        var nameArgument = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "name");
        var constant = nameArgument?.Value.ConstantValue ?? default;
        var named = method.TypeArguments.Length == 1 ? method.TypeArguments[0] : null;
        string? name = constant.HasValue ? constant.Value as string : null;
        if (name is null && named is not null && (nameArgument is null || nameArgument.ArgumentKind == ArgumentKind.DefaultValue || constant.HasValue))
        {
            name = _symbols.NameOf(named);
        }

        if (name is null)
        {
            _dynamic[kind] = true;
            return;
        }

        var registration = method.TypeArguments.Length switch
        {
            1 => Of(kind, named!, name),
            2 => new Registration(kind, name, "a delegate", method.TypeArguments[0], method.TypeArguments[1]),
            _ => new Registration(kind, name, "a delegate", null, null),
        };
        _names.TryAdd(Key(kind, name), registration);
    }

    /// <summary>The registration of <paramref name="name"/> as <paramref name="kind"/>, or <c>null</c>.</summary>
    public Registration? Find(WorkflowKind kind, string name) => _names.TryGetValue(Key(kind, name), out var registration) ? registration : null;

    /// <summary>True when a registration of <paramref name="kind"/> has a name only known at run time.</summary>
    public bool IsOpen(WorkflowKind kind) => _dynamic.ContainsKey(kind);

    /// <summary>The registered name of <paramref name="kind"/> closest to <paramref name="name"/> (edit distance), if one is close.</summary>
    public string? Nearest(WorkflowKind kind, string name)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in _names.Values.Where(r => r.Kind == kind).Select(r => r.Name).OrderBy(n => n, StringComparer.Ordinal))
        {
            var distance = EditDistance.Between(name.ToUpperInvariant(), candidate.ToUpperInvariant());
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return best is not null && bestDistance <= Math.Max(2, name.Length / 2) ? best : null;
    }

    /// <summary>
    /// Binds the invocations named <c>AddOrchestrator</c>, <c>AddActivity</c> or <c>AddEntity</c> of every syntax tree (a
    /// syntactic filter first, so only trees with such calls get a semantic model).
    /// </summary>
    private void AddRegistrationCalls(CancellationToken cancellationToken)
    {
        foreach (var tree in _symbols.Compilation.SyntaxTrees)
        {
            var calls = tree.GetRoot(cancellationToken).DescendantNodes().OfType<InvocationExpressionSyntax>()
                .Where(call => call.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "AddOrchestrator" or "AddActivity" or "AddEntity" })
                .ToList();
            if (calls.Count == 0)
            {
                continue;
            }

#pragma warning disable RS1030 // The registrations of the whole compilation are needed before any name can be checked; only trees with registration calls are bound.
            var model = _symbols.Compilation.GetSemanticModel(tree);
#pragma warning restore RS1030
            foreach (var call in calls)
            {
                if (model.GetOperation(call, cancellationToken) is IInvocationOperation invocation)
                {
                    AddRegistration(invocation);
                }
            }
        }
    }

    private static string Key(WorkflowKind kind, string name) => (int)kind + ":" + name;

    private Registration Of(WorkflowKind kind, ITypeSymbol type, string name)
    {
        var generic = WorkflowSymbols.GenericBase(type, kind == WorkflowKind.Activity ? _symbols.TaskActivity : _symbols.TaskOrchestrator);
        return kind == WorkflowKind.Entity || generic is null
            ? new Registration(kind, name, "class " + type.Name, null, null)
            : new Registration(kind, name, "class " + type.Name, generic.TypeArguments[0], generic.TypeArguments[1]);
    }

    private void AddTypes(INamespaceOrTypeSymbol container, bool publicOnly)
    {
        foreach (var member in container.GetMembers())
        {
            if (member is INamespaceSymbol ns)
            {
                AddTypes(ns, publicOnly);
            }
            else if (member is INamedTypeSymbol type && (!publicOnly || type.DeclaredAccessibility == Accessibility.Public))
            {
                AddType(type);
                AddTypes(type, publicOnly);
            }
        }
    }

    private void AddType(INamedTypeSymbol type)
    {
        if (type.TypeKind != TypeKind.Class || type.IsAbstract || type.IsGenericType)
        {
            return;
        }

        WorkflowKind? kind = _symbols.IsOrchestrator(type) ? WorkflowKind.Orchestration
            : _symbols.IsActivityOrEntity(type) ? (WorkflowSymbols.GenericBase(type, _symbols.TaskActivity) is not null || IsActivityInterface(type) ? WorkflowKind.Activity : WorkflowKind.Entity)
            : null;
        if (kind is { } k)
        {
            var name = _symbols.NameOf(type);
            _names.TryAdd(Key(k, name), Of(k, type, name));
        }
    }

    private bool IsActivityInterface(INamedTypeSymbol type) => type.AllInterfaces.Any(i => WorkflowSymbols.Same(i, _symbols.ITaskActivity));
}
