using OrleansWorkflows;

namespace MyWorkflows.Workflows;

/// <summary>Registers the orchestrations, activities and entities of this project.</summary>
public static class WorkflowRegistration
{
    /// <summary>Adds every workflow of this project to <paramref name="registry"/>.</summary>
    /// <param name="registry">The registry of the silo (or of a test host).</param>
    public static WorkflowRegistry AddAppWorkflows(this WorkflowRegistry registry) => registry
        .AddOrchestrator<ProcessOrder>()
        .AddActivity<ChargePayment>()
        .AddEntity<CustomerTotal>();
}
