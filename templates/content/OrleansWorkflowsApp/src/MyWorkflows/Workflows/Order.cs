namespace MyWorkflows.Workflows;

/// <summary>The input of <see cref="ProcessOrder"/>: who pays, and how much (in cents).</summary>
/// <param name="Customer">The customer; also the key of their <see cref="CustomerTotal"/> entity.</param>
/// <param name="AmountCents">The amount to charge, in cents.</param>
public sealed record Order(string Customer, int AmountCents);
