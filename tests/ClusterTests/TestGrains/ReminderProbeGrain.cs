using OrleansWorkflows.ClusterTests.Fixture;

namespace OrleansWorkflows.ClusterTests.TestGrains;

/// <inheritdoc cref="IReminderProbeGrain" />
public sealed class ReminderProbeGrain(TestProbe probe, ILocalSiloDetails silo) : Grain, IReminderProbeGrain, IRemindable
{
    private const string ReminderName = "tick";

    /// <inheritdoc />
    public Task StartAsync(TimeSpan period) => this.RegisterOrUpdateReminder(ReminderName, period, period);

    /// <inheritdoc />
    public async Task StopAsync()
    {
        if (await this.GetReminder(ReminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    /// <inheritdoc />
    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        probe.Record(this.GetPrimaryKeyString(), silo.SiloAddress.ToString());
        return Task.CompletedTask;
    }
}
