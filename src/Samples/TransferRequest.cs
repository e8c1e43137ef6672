namespace OrleansWorkflows.Samples;

/// <summary>The input of <see cref="Transfer"/>.</summary>
/// <param name="From">The key of the <see cref="Account"/> to take the money from.</param>
/// <param name="To">The key of the <see cref="Account"/> to put it in.</param>
/// <param name="Amount">A positive amount.</param>
public sealed record TransferRequest(string From, string To, int Amount);
