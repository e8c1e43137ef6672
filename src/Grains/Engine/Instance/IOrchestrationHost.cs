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
}
