namespace OrleansWorkflows.Samples;

/// <summary>
/// A durable entity holding an integer. Operations: <c>add</c> (int), <c>reset</c>, <c>get</c> (returns the value), and
/// the built-in <c>delete</c>.
/// </summary>
public sealed class Counter : TaskEntity<int>
{
    /// <summary>Adds <paramref name="amount"/> (may be negative).</summary>
    /// <param name="amount">The amount.</param>
    public void Add(int amount) => State = checked(State + amount);

    /// <summary>Sets the value to 0.</summary>
    public void Reset() => State = 0;

    /// <summary>Returns the value.</summary>
    public int Get() => State;
}
