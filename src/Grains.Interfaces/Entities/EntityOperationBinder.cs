using System.Collections.Concurrent;
using System.Reflection;

namespace OrleansWorkflows;

/// <summary>Finds and invokes the operation methods of class-based entities (<see cref="TaskEntity{TState}"/>).</summary>
internal static class EntityOperationBinder
{
    private static readonly ConcurrentDictionary<Type, Dictionary<string, MethodInfo>> Operations = new();

    /// <summary>The operation method named <paramref name="operation"/> (case-insensitive), or <c>null</c>.</summary>
    /// <exception cref="InvalidOperationException">The entity class declares an invalid operation method.</exception>
    public static MethodInfo? Find(Type entityType, string operation) =>
        Operations.GetOrAdd(entityType, Bind).GetValueOrDefault(operation);

    /// <summary>The operation names of <paramref name="entityType"/>, sorted.</summary>
    public static IEnumerable<string> OperationNames(Type entityType) =>
        Operations.GetOrAdd(entityType, Bind).Values.Select(m => m.Name.ToLowerInvariant()).Order(StringComparer.Ordinal);

    /// <summary>Invokes <paramref name="method"/> with the operation's input and awaits its result, if any.</summary>
    public static async Task<object?> InvokeAsync(object entity, MethodInfo method, TaskEntityOperation operation)
    {
        var parameters = method.GetParameters();
        object?[] arguments = parameters.Length == 0 ? [] : [operation.GetInput(parameters[0].ParameterType)];
        object? returned;
        try
        {
            returned = method.Invoke(entity, arguments);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ex.InnerException);
            throw;
        }

        switch (returned)
        {
            case Task task:
                await task;
                return method.ReturnType.IsGenericType ? method.ReturnType.GetProperty(nameof(Task<int>.Result))!.GetValue(task) : null;
            case ValueTask valueTask:
                await valueTask;
                return null;
            case not null when method.ReturnType.IsGenericType && method.ReturnType.GetGenericTypeDefinition() == typeof(ValueTask<>):
                var asTask = (Task)method.ReturnType.GetMethod(nameof(ValueTask<int>.AsTask))!.Invoke(returned, null)!;
                await asTask;
                return asTask.GetType().GetProperty(nameof(Task<int>.Result))!.GetValue(asTask);
            default:
                return returned;
        }
    }

    private static Dictionary<string, MethodInfo> Bind(Type entityType)
    {
        var operations = new Dictionary<string, MethodInfo>(StringComparer.OrdinalIgnoreCase);
        foreach (var method in entityType.GetMethods(BindingFlags.Public | BindingFlags.Instance))
        {
            if (method.IsSpecialName || method.DeclaringType is not { } declaring || IsFrameworkType(declaring)
                || method.GetBaseDefinition().DeclaringType == typeof(object))
            {
                continue;
            }

            if (method.GetParameters().Length > 1 || method.IsGenericMethodDefinition)
            {
                throw new InvalidOperationException(
                    $"Entity operation {entityType.Name}.{method.Name} must take at most one parameter and not be generic.");
            }

            if (!operations.TryAdd(method.Name, method))
            {
                throw new InvalidOperationException(
                    $"Entity {entityType.Name} has more than one public method named '{method.Name}' (ignoring case); operation names must be unique.");
            }
        }

        return operations;
    }

    private static bool IsFrameworkType(Type type) =>
        type == typeof(object) || (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(TaskEntity<>));
}
