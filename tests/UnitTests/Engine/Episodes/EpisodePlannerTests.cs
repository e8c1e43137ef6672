using OrleansWorkflows.Engine;
using OrleansWorkflows.History;
using OrleansWorkflows.Replay;
using OrleansWorkflows.Runtime;
using Xunit;
using static OrleansWorkflows.UnitTests.Engine.Episodes.PlannerTestKit;

namespace OrleansWorkflows.UnitTests.Engine.Episodes;

/// <summary>The episode planner's decisions: what an episode applies, and the one commit (plus dispatch) it makes.</summary>
public sealed class EpisodePlannerTests
{
    private readonly PlannerTestKit _kit = new();

    [Fact]
    public void Prepare_FreshStart_StartsANewExecution_RecordsTheRequestId()
    {
        var start = new StartWork("Order", "\"in\"", "v2", null, null, null, null) { RequestId = "req-1" };

        var draft = _kit.Planner.Prepare(View(null), Now, start, [], []);

        Assert.Equal("exec-1", draft.ExecutionId);
        Assert.True(draft.StartsExecution);
        Assert.True(draft.RunsExecution);
        Assert.Collection(
            draft.Events,
            e => Assert.IsType<OrchestratorStarted>(e),
            e => Assert.Equal(("Order", "exec-1", "v2"), (((ExecutionStarted)e).Name, ((ExecutionStarted)e).ExecutionId, ((ExecutionStarted)e).Version)));
        Assert.Equal("req-1", draft.State.StartRequestId);
        Assert.Equal(Now.Ticks, draft.State.SequenceBase);
    }

    [Fact]
    public void Prepare_DropsRedeliveries_WakeUpsAndOtherExecutions_AppliesTheRestInInboxOrder()
    {
        var state = new EngineState();
        state.MarkApplied("@counter@a", 3);
        var inbox = new[]
        {
            Inbox(1, new WorkflowMessage { Kind = WorkflowMessageKind.EntityResponse, TaskId = 1, Payload = "1" }, "@counter@a", 3),
            Inbox(2, new WorkflowMessage { Kind = WorkflowMessageKind.EventRaised, Name = WorkflowMessages.LegacyWakeEventName }),
            Inbox(3, new WorkflowMessage { Kind = WorkflowMessageKind.EventRaised, Name = "Approval", TargetExecutionId = "old" }),
            Inbox(4, new WorkflowMessage { Kind = WorkflowMessageKind.EntityResponse, TaskId = 2, Payload = "2" }, "@counter@a", 4),
            Inbox(5, new WorkflowMessage { Kind = WorkflowMessageKind.EventRaised, Name = "Approval", Payload = "true" }),
        };

        var draft = _kit.Planner.Prepare(View(Record(OrchestrationRuntimeStatus.Running), state), Now, null, [], inbox);

        Assert.Equal("exec-0", draft.ExecutionId);
        Assert.Collection(
            draft.Events,
            e => Assert.IsType<OrchestratorStarted>(e),
            e => Assert.Equal(2, Assert.IsType<EntityOperationCompleted>(e).TaskScheduledId),
            e => Assert.Equal("Approval", Assert.IsType<EventRaised>(e).Name));
        Assert.Equal(4, draft.State.Applied["@counter@a"]);
        Assert.Equal(3, state.Applied["@counter@a"]); // the committed state is not touched
    }

    [Fact]
    public void PlanEpisode_ChildCompletes_TellsItsParent_AndReleasesItsLocks_WakesUntilDelivered()
    {
        var record = Record(OrchestrationRuntimeStatus.Running, parent: "parent-1");
        var state = new EngineState { ParentExecutionId = "parent-exec", ParentTaskId = 5 };
        var lockedEntity = new EntityId("Counter", "a");
        var execution = new FakeExecution
        {
            Outcome = new ExecutionOutcome(OrchestrationRuntimeStatus.Completed, "42", null, []),
            HeldEntityLocks = [lockedEntity],
        };
        var instance = View(record, state);
        var draft = _kit.Planner.Prepare(instance, Now, null, [], []);

        var plan = _kit.Planner.PlanEpisode(instance, draft, execution, new EpisodeResult([new ExecutionCompleted(OrchestrationRuntimeStatus.Completed, "42", null)], []));

        Assert.Equal(OrchestrationRuntimeStatus.Completed, plan.Commit.Record.Status);
        Assert.Equal("42", plan.Commit.Record.Output);
        Assert.Equal(Now, plan.Commit.Record.CompletedAt);
        Assert.Equal(Now + Recovery, plan.Commit.Record.WakeAt); // until the outbox is delivered
        Assert.Equal(7, plan.Commit.ExpectedVersion);
        Assert.Single(plan.Commit.AppendHistory);
        Assert.False(plan.Continued);
        Assert.Equal(
            [(lockedEntity.ToString(), WorkflowMessageKind.EntityUnlock), ("parent-1", WorkflowMessageKind.SubOrchestrationCompleted), (lockedEntity.ToString(), WorkflowMessageKind.SenderFinished)],
            plan.Outbox.Select(o => (o.Receiver, Message(o).Kind)));
        var toParent = Message(Assert.Single(plan.Outbox, o => o.Receiver == "parent-1"));
        Assert.Equal((WorkflowMessageKind.SubOrchestrationCompleted, 5, "parent-exec", "42", "orders-1"), (toParent.Kind, toParent.TaskId, toParent.TargetExecutionId, toParent.Payload, toParent.Sender));
        Assert.True(plan.HasOpenWork); // the outbox still has to be delivered
    }

    [Fact]
    public void PlanEpisode_ActivityScheduled_IsDispatchedAfterTheCommit_WakeAtOneRecoveryIntervalAhead()
    {
        var activity = new ScheduleActivityAction(1, "Charge", "\"card\"", 1);
        var instance = View(Record(OrchestrationRuntimeStatus.Running));
        var draft = _kit.Planner.Prepare(instance, Now, null, [], []);

        var plan = _kit.Planner.PlanEpisode(instance, draft, new FakeExecution { Open = [activity] }, new EpisodeResult([], [activity]));

        Assert.Equal([activity], plan.Activities);
        Assert.Empty(plan.Outbox);
        Assert.Equal(OrchestrationRuntimeStatus.Running, plan.Commit.Record.Status);
        Assert.Equal(Now + Recovery, plan.Commit.Record.WakeAt);
        Assert.True(plan.HasOpenWork);
    }

    [Fact]
    public void PlanEpisode_ContinueAsNew_CommitsTheNextExecution_WithTheCarriedEventsInItsInbox()
    {
        var instance = View(Record(OrchestrationRuntimeStatus.Running));
        var draft = _kit.Planner.Prepare(instance, Now, null, [], []);
        var carried = new EventRaised("More", "1");
        var execution = new FakeExecution { Outcome = new ExecutionOutcome(OrchestrationRuntimeStatus.ContinuedAsNew, "\"next\"", null, [carried]) };

        var plan = _kit.Planner.PlanEpisode(instance, draft, execution, new EpisodeResult([], []));

        Assert.True(plan.Continued);
        Assert.True(plan.Commit.ReplaceHistory);
        Assert.Empty(plan.Commit.AppendHistory);
        Assert.Equal("exec-1", plan.Commit.Record.ExecutionId);
        Assert.Equal("\"next\"", plan.Commit.Record.Input);
        Assert.Equal(Now + Recovery, plan.Commit.Record.WakeAt); // the next start is outstanding
        var message = System.Text.Json.JsonSerializer.Deserialize<WorkflowMessage>(Assert.Single(plan.Commit.AddInbox), WorkflowJson.Options)!;
        Assert.Equal(("More", "exec-1"), (message.Name, message.TargetExecutionId));
    }

    [Fact]
    public void PlanEpisode_FinishedInstance_OnlyConsumesItsInbox_KeepsItsStatus()
    {
        var record = Record(OrchestrationRuntimeStatus.Completed) with { Output = "\"done\"", CompletedAt = Now.AddMinutes(-1) };
        var instance = View(record);
        var inbox = new[] { Inbox(9, new WorkflowMessage { Kind = WorkflowMessageKind.EventRaised, Name = "Late" }) };
        var draft = _kit.Planner.Prepare(instance, Now, null, [], inbox);

        var plan = _kit.Planner.PlanEpisode(instance, draft, null, new EpisodeResult([], []));

        Assert.False(draft.RunsExecution);
        Assert.Equal([9L], plan.Commit.ConsumedInbox);
        Assert.Equal((OrchestrationRuntimeStatus.Completed, "\"done\"", Now.AddMinutes(-1)), (plan.Commit.Record.Status, plan.Commit.Record.Output, plan.Commit.Record.CompletedAt));
        Assert.Empty(plan.Commit.AppendHistory);
        Assert.Null(plan.Commit.Record.WakeAt);
    }
}
