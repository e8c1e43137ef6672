namespace OrleansWorkflows.ClusterTests.TestGrains;

/// <summary>A grain with an Orleans reminder that records each tick (and the silo it ran on) in the test probe.</summary>
public interface IReminderProbeGrain : IGrainWithStringKey
{
    /// <summary>Registers the reminder.</summary>
    /// <param name="period">Due time and period.</param>
    Task StartAsync(TimeSpan period);

    /// <summary>Unregisters the reminder.</summary>
    Task StopAsync();
}
