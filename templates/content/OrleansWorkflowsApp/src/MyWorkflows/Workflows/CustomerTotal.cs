using OrleansWorkflows;

namespace MyWorkflows.Workflows;

/// <summary>A durable entity: one customer's total in cents (key = the customer). Operations run one at a time.</summary>
public sealed class CustomerTotal : TaskEntity<int>
{
    /// <summary>Adds an amount in cents.</summary>
    /// <param name="cents">The amount.</param>
    public void Add(int cents) => State += cents;

    /// <summary>Returns the total in cents.</summary>
    public int Get() => State;
}
