using System.Data.Common;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using OrleansWorkflows.Storage;

namespace OrleansWorkflows.GatewayTests.Hardening;

/// <summary>
/// A switchable outage of the workflow store: while <see cref="IsDown"/> (or for the next <see cref="FailNext"/> calls)
/// every asynchronous store call throws <see cref="SimulatedDatabaseException"/>, a provider exception of the kind
/// Npgsql throws when the server is down. Wraps whatever store the silo registered, whatever methods it has.
/// </summary>
public sealed class StoreOutage
{
    private int _failNext;

    /// <summary>Whether the store is down.</summary>
    public bool IsDown { get; set; }

    /// <summary>Store calls that failed so far.</summary>
    public int Failures => _failures;

    private int _failures;

    /// <summary>Fails the next <paramref name="calls"/> store calls, then serves again.</summary>
    public void FailNext(int calls) => Interlocked.Exchange(ref _failNext, calls);

    /// <summary>Replaces the registered <see cref="IWorkflowStore"/> with one that fails during the outage.</summary>
    internal void Wrap(IServiceCollection services)
    {
        var registered = services.Last(d => d.ServiceType == typeof(IWorkflowStore));
        services.Remove(registered);
        services.AddSingleton(sp =>
        {
            var inner = registered.ImplementationInstance as IWorkflowStore
                ?? (registered.ImplementationFactory is { } factory
                    ? (IWorkflowStore)factory(sp)
                    : (IWorkflowStore)ActivatorUtilities.CreateInstance(sp, registered.ImplementationType!));
            var proxy = DispatchProxy.Create<IWorkflowStore, OutageProxy>();
            ((OutageProxy)(object)proxy).Attach(inner, this);
            return proxy;
        });
    }

    private bool ShouldFail()
    {
        if (IsDown)
        {
            return true;
        }

        var left = Volatile.Read(ref _failNext);
        while (left > 0)
        {
            var seen = Interlocked.CompareExchange(ref _failNext, left - 1, left);
            if (seen == left)
            {
                return true;
            }

            left = seen;
        }

        return false;
    }

    /// <summary>The store proxy (public for <see cref="DispatchProxy"/>).</summary>
    public class OutageProxy : DispatchProxy
    {
        private object? _inner;
        private StoreOutage? _outage;

        internal void Attach(object inner, StoreOutage outage)
        {
            _inner = inner;
            _outage = outage;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            ArgumentNullException.ThrowIfNull(targetMethod);
            if (typeof(Task).IsAssignableFrom(targetMethod.ReturnType) && _outage!.ShouldFail())
            {
                Interlocked.Increment(ref _outage._failures);
                throw new SimulatedDatabaseException($"Failed to connect to 127.0.0.1:5432 ({targetMethod.Name}, simulated outage)");
            }

            try
            {
                return targetMethod.Invoke(_inner, args);
            }
            catch (TargetInvocationException ex) when (ex.InnerException is { } inner)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(inner);
                throw;
            }
        }
    }
}

/// <summary>A database provider's exception (as Npgsql's NpgsqlException): not one of the engine's types.</summary>
public sealed class SimulatedDatabaseException(string message) : DbException(message);
