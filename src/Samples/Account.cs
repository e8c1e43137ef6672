namespace OrleansWorkflows.Samples;

/// <summary>
/// A durable entity holding a balance (an integer amount). Operations: <c>deposit</c> (positive int), <c>withdraw</c>
/// (positive int; fails on insufficient funds, leaving the balance unchanged) and <c>balance</c>.
/// </summary>
public sealed class Account : TaskEntity<int>
{
    /// <summary>Adds <paramref name="amount"/> to the balance.</summary>
    /// <param name="amount">A positive amount.</param>
    public void Deposit(int amount) => State = checked(State + Positive(amount));

    /// <summary>Takes <paramref name="amount"/> from the balance.</summary>
    /// <param name="amount">A positive amount, at most the balance.</param>
    /// <exception cref="InvalidOperationException">The balance is smaller than <paramref name="amount"/>.</exception>
    public void Withdraw(int amount)
    {
        if (Positive(amount) > State)
        {
            throw new InvalidOperationException($"Insufficient funds: the balance is {State}, the withdrawal {amount}.");
        }

        State -= amount;
    }

    /// <summary>Returns the balance.</summary>
    public int Balance() => State;

    private static int Positive(int amount) =>
        amount > 0 ? amount : throw new ArgumentOutOfRangeException(nameof(amount), amount, "The amount must be positive.");
}
