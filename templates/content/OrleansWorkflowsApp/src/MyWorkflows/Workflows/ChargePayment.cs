using System.Globalization;
using OrleansWorkflows;

namespace MyWorkflows.Workflows;

/// <summary>An activity: the real work (here it only writes a receipt). Activities run at least once: keep them idempotent.</summary>
public sealed class ChargePayment : TaskActivity<Order, string>
{
    /// <inheritdoc />
    public override Task<string> RunAsync(ActivityContext context, Order order) =>
        Task.FromResult(string.Create(CultureInfo.InvariantCulture, $"Charged {order.AmountCents} cents to {order.Customer}"));
}
