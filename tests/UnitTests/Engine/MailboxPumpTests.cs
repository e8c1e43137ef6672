using OrleansWorkflows.Engine;
using Xunit;

namespace OrleansWorkflows.UnitTests.Engine;

/// <summary>
/// The mailbox loop of orchestrations and entities: one loop at a time, it runs until a turn finds nothing to do, starts
/// again when asked after that, stops for good on a failure (reported once), and never runs in the execution context of
/// the call that started it. Each test drives the pump on a one-at-a-time scheduler, as a grain's turns are.
/// </summary>
public sealed class MailboxPumpTests
{
    private static readonly AsyncLocal<string?> CallerContext = new();

    [Fact]
    public async Task Ensure_RunsTurnsUntilOneFindsNothing_AndAgainWhenAskedAfterThat()
    {
        var owner = new Owner(turnsWithWork: 3);
        var pump = new MailboxPump(owner);
        await owner.OnGrainTurnAsync(pump.Ensure);
        await owner.Idle(pump);
        Assert.Equal(4, owner.Turns); // 3 with work, 1 that found nothing
        Assert.False(pump.Running);

        owner.AddWork(2);
        await owner.OnGrainTurnAsync(pump.Ensure);
        await owner.Idle(pump);
        Assert.Equal(7, owner.Turns);
        Assert.Equal(1, owner.MostConcurrentTurns);
    }

    [Fact]
    public async Task Ensure_WhileTheLoopRuns_StartsNoSecondLoop()
    {
        var owner = new Owner(turnsWithWork: 1) { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        var pump = new MailboxPump(owner);
        await owner.OnGrainTurnAsync(pump.Ensure);
        await owner.Started.Task;
        await owner.OnGrainTurnAsync(() =>
        {
            Assert.True(pump.Running);
            pump.Ensure();
            pump.Ensure();
        });

        owner.Gate.SetResult();
        await owner.Idle(pump);
        Assert.Equal(2, owner.Turns);
        Assert.Equal(1, owner.MostConcurrentTurns);
    }

    [Fact]
    public async Task AFailingTurn_BreaksThePumpForGood_AndIsReportedOnce()
    {
        var failure = new InvalidOperationException("commit conflict");
        var owner = new Owner(turnsWithWork: 5) { FailOnTurn = 2, Failure = failure };
        var pump = new MailboxPump(owner);
        await owner.OnGrainTurnAsync(pump.Ensure);
        await owner.Idle(pump);

        Assert.True(pump.Broken);
        Assert.Equal(2, owner.Turns);
        Assert.Same(failure, Assert.Single(owner.Breaks));

        await owner.OnGrainTurnAsync(pump.Ensure); // a broken pump runs nothing more
        await owner.Idle(pump);
        Assert.Equal(2, owner.Turns);
    }

    [Fact]
    public async Task TheLoop_DoesNotRunInTheContextOfTheCallThatStartedIt()
    {
        var owner = new Owner(turnsWithWork: 1);
        var pump = new MailboxPump(owner);
        await owner.OnGrainTurnAsync(() =>
        {
            CallerContext.Value = "the start's request context";
            pump.Ensure();
        });

        await owner.Idle(pump);
        Assert.Equal([null, null], owner.ContextsSeen);
    }

    /// <summary>The grain side: counts turns, runs them on one exclusive scheduler (a grain's turns never overlap).</summary>
    private sealed class Owner(int turnsWithWork) : IMailboxOwner
    {
        private readonly TaskScheduler _grain = new ConcurrentExclusiveSchedulerPair().ExclusiveScheduler;
        private int _work = turnsWithWork;
        private int _inTurn;

        public int Turns { get; private set; }

        public int MostConcurrentTurns { get; private set; }

        public int FailOnTurn { get; init; }

        public Exception? Failure { get; init; }

        public TaskCompletionSource? Gate { get; init; }

        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public List<Exception> Breaks { get; } = [];

        public List<string?> ContextsSeen { get; } = [];

        public void AddWork(int turns) => _work += turns;

        public Task OnGrainTurnAsync(Action action) => Task.Factory.StartNew(action, CancellationToken.None, TaskCreationOptions.None, _grain);

        public async Task Idle(MailboxPump pump)
        {
            for (var i = 0; i < 500; i++)
            {
                if (!await Task.Factory.StartNew(() => pump.Running, CancellationToken.None, TaskCreationOptions.None, _grain))
                {
                    return;
                }

                await Task.Delay(10);
            }

            Assert.Fail("The pump did not come to rest within 5 s.");
        }

        public async Task<bool> RunOnceAsync()
        {
            Assert.Same(_grain, TaskScheduler.Current);
            MostConcurrentTurns = Math.Max(MostConcurrentTurns, ++_inTurn);
            try
            {
                Turns++;
                ContextsSeen.Add(CallerContext.Value);
                Started.TrySetResult();
                if (Gate is { } gate)
                {
                    await gate.Task;
                }

                if (Turns == FailOnTurn)
                {
                    throw Failure!;
                }

                await Task.Yield();
                if (_work == 0)
                {
                    return false;
                }

                _work--;
                return true;
            }
            finally
            {
                _inTurn--;
            }
        }

        public void OnPumpBreak(Exception exception) => Breaks.Add(exception);
    }
}
