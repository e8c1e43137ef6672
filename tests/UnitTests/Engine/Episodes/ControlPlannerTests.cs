using OrleansWorkflows.Engine;
using OrleansWorkflows.History;
using OrleansWorkflows.Replay;
using OrleansWorkflows.Runtime;
using Xunit;
using static OrleansWorkflows.UnitTests.Engine.Episodes.PlannerTestKit;

namespace OrleansWorkflows.UnitTests.Engine.Episodes;

/// <summary>Control requests (terminate, suspend, resume, rewind, adopt) planned as commits like any episode.</summary>
public sealed class ControlPlannerTests
{
    private readonly PlannerTestKit _kit = new();

    [Theory]
    [InlineData("Suspend", OrchestrationRuntimeStatus.Suspended, OperationOutcome.Accepted)]
    [InlineData("Resume", OrchestrationRuntimeStatus.Running, OperationOutcome.Accepted)]
    [InlineData("Terminate", OrchestrationRuntimeStatus.Completed, OperationOutcome.InstanceFinished)]
    [InlineData("Rewind", OrchestrationRuntimeStatus.Running, OperationOutcome.NotAllowed)]
    public void Precheck_RequestsThatChangeNothing_AreAnsweredWithoutACommit(string kind, OrchestrationRuntimeStatus status, OperationOutcome outcome)
    {
        var work = new ControlWork(Enum.Parse<ControlKind>(kind), null, false, null);

        var answer = _kit.Planner.Precheck(View(Record(status)), work);

        Assert.Equal(outcome, Assert.IsType<OperationResult>(answer).Outcome);
    }

    [Fact]
    public void Precheck_NoInstance_IsNotFound_ARealChangeIsPlanned()
    {
        Assert.Equal(OperationOutcome.NotFound, _kit.Planner.Precheck(View(null), new ControlWork(ControlKind.Suspend, null, false, null))!.Outcome);
        Assert.Null(_kit.Planner.Precheck(View(Record(OrchestrationRuntimeStatus.Running)), new ControlWork(ControlKind.Suspend, null, false, null)));
    }

    [Fact]
    public void PlanControl_RecursiveTerminate_TellsChildrenParentAndEntities_RemembersTheRequest()
    {
        var state = new EngineState { ParentExecutionId = "parent-exec", ParentTaskId = 2 };
        state.NextSequence("@counter@a", remember: true);
        var execution = new FakeExecution
        {
            Open = [new StartSubOrchestrationAction(3, "Child", "child-1", null)],
            HeldEntityLocks = [new EntityId("Counter", "b")],
        };
        var instance = View(Record(OrchestrationRuntimeStatus.Running, parent: "parent-1"), state, execution);
        var work = new ControlWork(ControlKind.Terminate, "stop", Recursive: true, null) { RequestId = "ctl-1" };

        var plan = _kit.Planner.PlanControl(instance, work, Now, null);

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, plan.Commit.Record.Status);
        Assert.Equal("\"stop\"", plan.Commit.Record.Output);
        Assert.Equal(Now + Recovery, plan.Commit.Record.WakeAt); // until the outbox is delivered
        Assert.True(plan.State.HasControlRequest("ctl-1"));
        Assert.False(state.HasControlRequest("ctl-1"));
        Assert.Equal(3, plan.Commit.AppendHistory.Count); // OrchestratorStarted, ExecutionTerminated, ExecutionCompleted
        Assert.Equal(
            [("child-1", WorkflowMessageKind.Terminate), ("parent-1", WorkflowMessageKind.SubOrchestrationFailed), ("@counter@b", WorkflowMessageKind.EntityUnlock), ("@counter@a", WorkflowMessageKind.SenderFinished), ("@counter@b", WorkflowMessageKind.SenderFinished)],
            plan.Outbox.Select(o => (o.Receiver, Message(o).Kind)));
        Assert.Equal("stop", WorkflowMessages.ReasonOf(Message(plan.Outbox[0])));
        Assert.True(plan.HasOpenWork);
    }

    [Fact]
    public void PlanControl_Suspend_KeepsTheInboxItKnowsBuffered()
    {
        var instance = View(Record(OrchestrationRuntimeStatus.Running)) with { InboxSeen = 12 };

        var plan = _kit.Planner.PlanControl(instance, new ControlWork(ControlKind.Suspend, "pause", false, null), Now, null);

        Assert.Equal(OrchestrationRuntimeStatus.Suspended, plan.Commit.Record.Status);
        Assert.Equal(12, plan.Commit.InboxSeenUpTo);
        Assert.Empty(plan.Outbox);
        Assert.False(plan.HasOpenWork);
    }

    [Fact]
    public void PlanControl_Rewind_StartsTheReplayedExecution_AndAsksItsChildrenAgain()
    {
        var record = Record(OrchestrationRuntimeStatus.Failed) with { Output = "{}", CompletedAt = Now.AddMinutes(-1) };
        var rewound = new FakeExecution
        {
            Open = [new StartSubOrchestrationAction(1, "Child", "child-1", "\"x\""), new CallEntityAction(2, new EntityId("Counter", "a"), "get", null)],
        };
        var run = new RewindRun("exec-9", rewound, []);

        var plan = _kit.Planner.PlanControl(View(record), new ControlWork(ControlKind.Rewind, "retry", false, null), Now, run);

        Assert.Equal(("exec-9", OrchestrationRuntimeStatus.Running, (string?)null, (DateTime?)null), (plan.Commit.Record.ExecutionId, plan.Commit.Record.Status, plan.Commit.Record.Output, plan.Commit.Record.CompletedAt));
        Assert.True(plan.State.WasRewoundFrom("exec-0")); // an entity's answer to the old execution still counts
        var ask = Message(Assert.Single(plan.Outbox));
        Assert.Equal((WorkflowMessageKind.Rewind, "Child", "exec-9", 1), (ask.Kind, ask.OrchestrationName, ask.ParentExecutionId, ask.TaskId));
        Assert.Equal(2, plan.Commit.AppendHistory.Count); // OrchestratorStarted, ExecutionRewound
        Assert.Same(rewound, plan.WakeExecution);
    }

    [Fact]
    public void PlanControl_Rewind_AsksEachChildAgainWithTheVersionTheCodeAskedForIt()
    {
        var record = Record(OrchestrationRuntimeStatus.Failed) with { Output = "{}", CompletedAt = Now.AddMinutes(-1) };
        var rewound = new FakeExecution
        {
            Open = [new StartSubOrchestrationAction(1, "Child", "child-1", null) { Version = "1" }, new StartSubOrchestrationAction(2, "Child", "child-2", null)],
        };

        var plan = _kit.Planner.PlanControl(View(record), new ControlWork(ControlKind.Rewind, null, false, null), Now, new RewindRun("exec-9", rewound, []));

        (string, string?)[] expected = [("child-1", "1"), ("child-2", null)];
        Assert.Equal(expected, plan.Outbox.Select(e => (e.Receiver, Message(e).Version)));
    }
}
