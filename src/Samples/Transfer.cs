namespace OrleansWorkflows.Samples;

/// <summary>
/// Moves money between two <see cref="Account"/> entities inside a critical section: both accounts are locked, so no
/// other operation can change them between the balance check and the transfer. Returns <c>false</c> (and moves
/// nothing) when the source balance is too small.
/// </summary>
public sealed class Transfer : TaskOrchestrator<TransferRequest, bool>
{
    /// <inheritdoc />
    public override async Task<bool> RunAsync(OrchestrationContext context, TransferRequest input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(input.Amount);
        var from = new EntityId(nameof(Account), input.From);
        var to = new EntityId(nameof(Account), input.To);
        await using (await context.LockEntitiesAsync(from, to))
        {
            if (await context.CallEntityAsync<int>(from, "balance") < input.Amount)
            {
                return false;
            }

            await context.CallEntityAsync(from, "withdraw", input.Amount);
            await context.CallEntityAsync(to, "deposit", input.Amount);
            return true;
        }
    }
}
