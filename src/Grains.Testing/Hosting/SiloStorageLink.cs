namespace OrleansWorkflows.Hosting;

/// <summary>
/// One silo's link to the storage of a <see cref="SharedInMemoryCluster"/> (registered once per silo by
/// <c>UseSharedInMemoryCluster</c>). <see cref="Sever"/> simulates the silo's process dying: from then on every store,
/// reminder table and membership table call from this silo throws, so nothing it does while it is torn down reaches
/// storage — as after a real crash, other silos must notice the death and recover on their own.
/// </summary>
public sealed class SiloStorageLink
{
    private volatile bool _severed;

    /// <summary>Whether the link is severed.</summary>
    public bool IsSevered => _severed;

    /// <summary>Severs the link for good: later storage calls from this silo throw <see cref="IOException"/>.</summary>
    public void Sever() => _severed = true;

    /// <summary>Throws when the link is severed.</summary>
    /// <exception cref="IOException">The link is severed.</exception>
    public void ThrowIfSevered()
    {
        if (_severed)
        {
            throw new IOException("This silo's storage link is severed (the silo was killed).");
        }
    }
}
