using System.Runtime.CompilerServices;
using OrleansWorkflows.Samples;
using OrleansWorkflows.Testing;
using OrleansWorkflows.TestKitTests.Workflows;
using Xunit;

namespace OrleansWorkflows.TestKitTests;

/// <summary>
/// Replay testing (issue 16): an instance's exported history replayed against today's registrations; the first divergence
/// reported with its sequence number, recorded and attempted steps and the source file and line of the code; the gate.
/// </summary>
public sealed class ReplayTests
{
    private static readonly string Histories = Path.Combine(AppContext.BaseDirectory, "Replay", "Histories");
    private static int _divergingLine;

    [Fact]
    public void GoldenCleanHistory_ReplaysAgainstTheSamples()
    {
        var result = Assert.Single(new WorkflowReplayer(new WorkflowRegistry().AddSamples()).ReplayPath(Path.Combine(Histories, "clean")));

        Assert.Equal(ReplayOutcome.Replayed, result.Outcome);
        Assert.Equal(("golden-hello", "HelloSequence", 12), (result.InstanceId, result.Orchestration, result.EventCount));
        Assert.StartsWith("OK ", result.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void GoldenDivergingHistory_ReportsSequenceRecordedAttemptedAndTheSamplesFileAndLine()
    {
        var result = Assert.Single(new WorkflowReplayer(new WorkflowRegistry().AddSamples()).ReplayPath(Path.Combine(Histories, "diverging")));

        Assert.Equal(ReplayOutcome.Diverged, result.Outcome);
        Assert.Equal(1, result.SequenceNumber);
        Assert.Equal("TaskScheduled 'SayHi'", result.Recorded);
        Assert.Equal("scheduled activity 'SayHello'", result.Attempted);
        Assert.Equal("HelloSequence.cs", Path.GetFileName(result.SourceFile?.Replace('\\', '/')));
        Assert.Equal(16, result.SourceLine); // src/Samples/HelloSequence.cs: the "Seattle" call itself (its statement, return [...], starts at 13)
        Assert.Contains($"at sequence number 1: history recorded TaskScheduled 'SayHi', the code now scheduled activity 'SayHello' at {result.SourceFile}:16", result.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExportedHistory_ReplaysClean_AndAChangedOrchestrator_DivergesAtItsOwnLine()
    {
        string export;
        await using (var host = await TestHosts.StartAsync())
        {
            var id = await host.Client.StartAsync(nameof(HelloSequence));
            await host.WaitAsync(id);
            export = await host.Client.ExportHistoryAsync(id);
        }

        var today = new WorkflowReplayer(new WorkflowRegistry().AddSamples()).Replay(export, "exported");
        var changed = new WorkflowRegistry().AddActivity<SayHello>().AddOrchestrator(nameof(HelloSequence), async context =>
        {
            var first = await context.CallActivityAsync<string>(nameof(SayHello), "Tokyo");
            var second = await context.CallActivityAsync<string>(Line("SayGoodbye"), "Seattle");
            return new[] { first, second };
        });
        var tomorrow = new WorkflowReplayer(changed).Replay(export, "exported");

        Assert.Equal(ReplayOutcome.Replayed, today.Outcome);
        Assert.Equal(ReplayOutcome.Diverged, tomorrow.Outcome);
        Assert.Equal((1, "TaskScheduled 'SayHello'", "scheduled activity 'SayGoodbye'"), (tomorrow.SequenceNumber, tomorrow.Recorded, tomorrow.Attempted));
        Assert.Equal(nameof(ReplayTests) + ".cs", Path.GetFileName(tomorrow.SourceFile?.Replace('\\', '/')));
        Assert.Equal(_divergingLine, tomorrow.SourceLine);
    }

    [Fact]
    public async Task VersionedHistory_ReplaysAgainstTheVersionItRecorded_AndFailsNamingItWhenThatVersionIsGone()
    {
        string export;
        await using (var host = await TestHosts.StartAsync())
        {
            var id = await host.Client.StartAsync("VersionedOrder", null, new StartOrchestrationOptions { Version = "1" });
            Assert.Equal("v1 code, context version 1", (await host.WaitAsync(id)).ReadOutputAs<string>());
            export = await host.Client.ExportHistoryAsync(id);
        }

        var both = new WorkflowReplayer(new WorkflowRegistry().AddOrchestrator<VersionedOrderV1>().AddOrchestrator<VersionedOrderV2>()).Replay(export);
        var onlyV2 = new WorkflowReplayer(new WorkflowRegistry().AddOrchestrator<VersionedOrderV2>()).Replay(export);

        Assert.Equal(ReplayOutcome.Replayed, both.Outcome);
        Assert.Equal(ReplayOutcome.Failed, onlyV2.Outcome);
        Assert.Contains("Version '1' of orchestration 'VersionedOrder' is not registered", onlyV2.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Gate_OneLinePerHistory_ExitCodeOneOnADivergence_ZeroWhenAllReplay_TwoForNoHistory()
    {
        var samples = typeof(HelloSequence).Assembly.Location;
        using var both = new StringWriter();
        using var clean = new StringWriter();
        using var none = new StringWriter();

        var failing = ReplayGate.Run(["--assembly", samples, Path.Combine(Histories, "clean"), Path.Combine(Histories, "diverging")], both);
        var passing = ReplayGate.Run(["--assembly", samples, Path.Combine(Histories, "clean")], clean);
        var empty = ReplayGate.Run(["--assembly", samples, Path.Combine(Histories, "no-such-folder.json")], none);

        Assert.Equal((1, 0, 2), (failing, passing, empty));
        var lines = both.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("OK ", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("DIVERGED ", lines[1], StringComparison.Ordinal);
        Assert.Contains("HelloSequence.cs:16", lines[1], StringComparison.Ordinal);
        Assert.Equal("1 of 2 histories replayed", lines[2]);
        Assert.StartsWith("INVALID ", none.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Replay_NotAHistory_IsInvalid_AndAnUnregisteredOrchestration_Fails()
    {
        var replayer = new WorkflowReplayer(new WorkflowRegistry());

        var garbage = replayer.Replay("{\"v\":1,\"events\":42}", "garbage");
        var unknown = replayer.ReplayFile(Path.Combine(Histories, "clean", "hello-sequence.json"));

        Assert.Equal(ReplayOutcome.Invalid, garbage.Outcome);
        Assert.Equal(ReplayOutcome.Failed, unknown.Outcome);
        Assert.Contains("No orchestration named 'HelloSequence'", unknown.Message, StringComparison.Ordinal);
    }

    private static string Line(string name, [CallerLineNumber] int line = 0)
    {
        _divergingLine = line;
        return name;
    }
}
