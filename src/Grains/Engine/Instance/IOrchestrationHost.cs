namespace OrleansWorkflows.Engine;

/// <summary>What an <see cref="OrchestrationInstance"/> needs of the <see cref="OrchestrationGrain"/> beyond <see cref="IWorkflowGrainHost"/>: its grain timers and a wake-up sent to itself.</summary>
internal interface IOrchestrationHost : IWorkflowGrainHost
{
    /// <summary>Registers a grain timer of the activation (lease checks, durable timers due soon).</summary>
    /// <param name="callback">What the timer runs.</param>
    /// <param name="options">When, and how often.</param>
    IGrainTimer RegisterTimer(Func<Task> callback, GrainTimerCreationOptions options);

    /// <summary>Sends the instance a wake message from outside its turn, on any thread (one-way: nothing awaits it).</summary>
    void WakeFromOutside();

    /// <summary>Moves the activation to <paramref name="silo"/> once it is idle (an instance whose version this silo
    /// lacks); by default it is only dropped, and the next call places it again.</summary>
    /// <param name="silo">A silo that registers the instance's version.</param>
    void MigrateTo(SiloAddress silo) => DeactivateOnIdle();
}
