using OrleansWorkflows;

namespace MyWorkflows.Workflows;

/// <summary>
/// An orchestration: charges the order (an activity), adds it to the customer's running total (an entity) and returns
/// the receipt. Orchestration code is replayed from its history, so it must be deterministic: do I/O in activities.
/// </summary>
public sealed class ProcessOrder : TaskOrchestrator<Order, string>
{
    /// <inheritdoc />
    public override async Task<string> RunAsync(OrchestrationContext context, Order order)
    {
        // CallChargePaymentAsync is generated for the ChargePayment activity (typed: a changed input or output type is a
        // compile error); context.CallActivityAsync<string>(nameof(ChargePayment), order) is the untyped equivalent.
        var receipt = await context.CallChargePaymentAsync(order);
        await context.CallEntityAsync(new EntityId(nameof(CustomerTotal), order.Customer), nameof(CustomerTotal.Add), order.AmountCents);
        return receipt;
    }
}
