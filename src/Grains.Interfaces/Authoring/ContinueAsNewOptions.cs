namespace OrleansWorkflows;

/// <summary>How <see cref="OrchestrationContext.ContinueAsNew(object, ContinueAsNewOptions)"/> starts the next execution.</summary>
public sealed record ContinueAsNewOptions
{
    /// <summary>Carry the external events this execution received and did not consume into the next one (default true;
    /// see <see cref="OrchestrationContext.ContinueAsNew(object, bool)"/>).</summary>
    public bool PreserveUnprocessedEvents { get; init; } = true;

    /// <summary>The version the next execution runs; <c>null</c> (the default) keeps this execution's version.</summary>
    public string? NewVersion { get; init; }
}
