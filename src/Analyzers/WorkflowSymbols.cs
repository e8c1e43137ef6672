using Microsoft.CodeAnalysis;

namespace OrleansWorkflows.Analyzers;

/// <summary>The symbols of the authoring API and of the framework that the rules look for, resolved once per compilation.</summary>
internal sealed class WorkflowSymbols
{
    private WorkflowSymbols(Compilation compilation, INamedTypeSymbol context)
    {
        Compilation = compilation;
        Context = context;
        AbstractionsAssembly = context.ContainingAssembly;
        TaskOrchestrator = compilation.GetTypeByMetadataName("OrleansWorkflows.TaskOrchestrator`2");
        ITaskOrchestrator = compilation.GetTypeByMetadataName("OrleansWorkflows.ITaskOrchestrator");
        TaskActivity = compilation.GetTypeByMetadataName("OrleansWorkflows.TaskActivity`2");
        ITaskActivity = compilation.GetTypeByMetadataName("OrleansWorkflows.ITaskActivity");
        ITaskEntity = compilation.GetTypeByMetadataName("OrleansWorkflows.ITaskEntity");
        Registry = compilation.GetTypeByMetadataName("OrleansWorkflows.WorkflowRegistry");
        EntityId = compilation.GetTypeByMetadataName("OrleansWorkflows.EntityId");
        WorkflowName = compilation.GetTypeByMetadataName("OrleansWorkflows.WorkflowNameAttribute");
        Task = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task");
        TaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task`1");
        ValueTask = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask");
        ValueTaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask`1");
    }

    public Compilation Compilation { get; }

    public INamedTypeSymbol Context { get; }

    public IAssemblySymbol AbstractionsAssembly { get; }

    public INamedTypeSymbol? TaskOrchestrator { get; }

    public INamedTypeSymbol? ITaskOrchestrator { get; }

    public INamedTypeSymbol? TaskActivity { get; }

    public INamedTypeSymbol? ITaskActivity { get; }

    public INamedTypeSymbol? ITaskEntity { get; }

    public INamedTypeSymbol? Registry { get; }

    public INamedTypeSymbol? EntityId { get; }

    public INamedTypeSymbol? WorkflowName { get; }

    public INamedTypeSymbol? Task { get; }

    public INamedTypeSymbol? TaskOfT { get; }

    public INamedTypeSymbol? ValueTask { get; }

    public INamedTypeSymbol? ValueTaskOfT { get; }

    /// <summary>The symbols, or <c>null</c> when the compilation does not reference the authoring API (then no rule applies).</summary>
    public static WorkflowSymbols? For(Compilation compilation) =>
        compilation.GetTypeByMetadataName("OrleansWorkflows.OrchestrationContext") is { } context ? new WorkflowSymbols(compilation, context) : null;

    /// <summary>True for a class deriving from <c>TaskOrchestrator&lt;,&gt;</c> or implementing <c>ITaskOrchestrator</c>.</summary>
    public bool IsOrchestrator(ITypeSymbol? type) => DerivesFrom(type, TaskOrchestrator) || Implements(type, ITaskOrchestrator);

    /// <summary>True for an activity or entity class: never orchestrator code.</summary>
    public bool IsActivityOrEntity(ITypeSymbol? type) =>
        DerivesFrom(type, TaskActivity) || Implements(type, ITaskActivity) || Implements(type, ITaskEntity);

    /// <summary>True for <paramref name="type"/> or a class deriving from it being an orchestration context.</summary>
    public bool IsContext(ITypeSymbol? type) => DerivesFrom(type, Context);

    /// <summary>True for Task, Task&lt;T&gt;, ValueTask and ValueTask&lt;T&gt;.</summary>
    public bool IsTaskLike(ITypeSymbol? type)
    {
        var definition = type?.OriginalDefinition;
        return Same(definition, Task) || Same(definition, TaskOfT) || Same(definition, ValueTask) || Same(definition, ValueTaskOfT);
    }

    /// <summary>The <c>TaskOrchestrator&lt;TInput, TOutput&gt;</c> or <c>TaskActivity&lt;TInput, TOutput&gt;</c> base of <paramref name="type"/>.</summary>
    public static INamedTypeSymbol? GenericBase(ITypeSymbol? type, INamedTypeSymbol? definition)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (Same(current.OriginalDefinition, definition))
            {
                return current as INamedTypeSymbol;
            }
        }

        return null;
    }

    /// <summary>The name a class registers under: its <c>[WorkflowName]</c>, else its class name.</summary>
    public string NameOf(ITypeSymbol type)
    {
        foreach (var attribute in type.GetAttributes())
        {
            if (Same(attribute.AttributeClass, WorkflowName) && attribute.ConstructorArguments.Length == 1
                && attribute.ConstructorArguments[0].Value is string name)
            {
                return name;
            }
        }

        return type.Name;
    }

    public static bool Same(ISymbol? a, ISymbol? b) => a is not null && b is not null && SymbolEqualityComparer.Default.Equals(a, b);

    private static bool DerivesFrom(ITypeSymbol? type, INamedTypeSymbol? baseDefinition)
    {
        if (baseDefinition is null)
        {
            return false;
        }

        for (var current = type; current is not null; current = current.BaseType)
        {
            if (Same(current.OriginalDefinition, baseDefinition))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Implements(ITypeSymbol? type, INamedTypeSymbol? @interface) =>
        type is not null && @interface is not null && (Same(type, @interface) || type.AllInterfaces.Any(i => Same(i, @interface)));
}
