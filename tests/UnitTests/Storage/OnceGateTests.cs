using OrleansWorkflows.Storage;
using Xunit;

namespace OrleansWorkflows.UnitTests.Storage;

/// <summary>The backends' once-per-process set-up (<see cref="OnceGate"/>): one run for concurrent callers, a failed run retried.</summary>
public sealed class OnceGateTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task ConcurrentCallers_WaitForOneRun_AndLaterCallersRunNothing()
    {
        using var gate = new OnceGate();
        var runs = 0;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async Task SetUp(CancellationToken ct)
        {
            Interlocked.Increment(ref runs);
            started.TrySetResult();
            await release.Task;
        }

        var first = gate.RunAsync(SetUp);
        await started.Task.WaitAsync(Patience);
        var others = Enumerable.Range(0, 20).Select(_ => Task.Run(() => gate.RunAsync(SetUp))).ToList();
        Assert.False(gate.IsDone);
        Assert.All(others, o => Assert.False(o.IsCompleted));

        release.SetResult();
        await Task.WhenAll(others.Append(first)).WaitAsync(Patience);
        Assert.Equal(1, runs);
        Assert.True(gate.IsDone);

        await gate.RunAsync(SetUp);
        Assert.Equal(1, runs);
    }

    [Fact]
    public async Task AFailedRun_FailsItsCaller_AndTheNextCallerRunsAgain()
    {
        using var gate = new OnceGate();
        var runs = 0;
        Task SetUp(CancellationToken ct) => Interlocked.Increment(ref runs) == 1
            ? Task.FromException(new InvalidOperationException("unreachable"))
            : Task.CompletedTask;

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => gate.RunAsync(SetUp));
        Assert.Equal("unreachable", failure.Message);
        Assert.False(gate.IsDone);

        await gate.RunAsync(SetUp);
        Assert.Equal(2, runs);
        Assert.True(gate.IsDone);
    }

    [Fact]
    public async Task Reset_MakesTheNextCallerRunAgain()
    {
        using var gate = new OnceGate();
        var runs = 0;
        Task SetUp(CancellationToken ct)
        {
            runs++;
            return Task.CompletedTask;
        }

        await gate.RunAsync(SetUp);
        gate.Reset();
        await gate.RunAsync(SetUp);
        Assert.Equal(2, runs);
    }

    [Fact]
    public async Task ACallerWaitingForTheRun_CanCancelItsWait()
    {
        using var gate = new OnceGate();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = gate.RunAsync(_ => release.Task);
        using var cancel = new CancellationTokenSource();
        var waiting = gate.RunAsync(_ => Task.CompletedTask, cancel.Token);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(Patience));
        release.SetResult();
        await running.WaitAsync(Patience);
        Assert.True(gate.IsDone);
    }
}
