using OrleansWorkflows.Analyzers.CodeFixes;
using Xunit;

namespace OrleansWorkflows.AnalyzerTests;

/// <summary>The fixes of OW1006, OW1007 and OW1011, and of OW1020 (nearest registered name: activity, orchestration, entity).</summary>
public sealed class AwaitCodeFixTests
{
    [Theory]
    [InlineData("await {|OW1006:timer.ConfigureAwait(false)|};", "await timer;")]
    [InlineData("var r = {|OW1007:result.Result|};", "var r = await result;")]
    [InlineData("{|OW1007:timer.Wait()|};", "await timer;")]
    [InlineData("await {|OW1011:cts.CancelAsync()|};", "cts.Cancel();")]
    public Task BlockingAndOffSchedulerCalls_BecomeAwaitsOnTheScheduler(string before, string after) => Verify.CodeFixAsync<AwaitCodeFixProvider>(
        Flow(before),
        Flow(after));

    [Fact]
    public Task UnknownName_BecomesTheNearestRegisteredName() => Verify.CodeFixAsync<NearestNameCodeFixProvider>(
        Activity + """
        public sealed class Flow : TaskOrchestrator<int, string>
        {
            public override Task<string> RunAsync(OrchestrationContext context, int input) => context.CallActivityAsync<string>({|OW1020:"SayHelo"|}, "Ada");
        }
        """,
        Activity + """
        public sealed class Flow : TaskOrchestrator<int, string>
        {
            public override Task<string> RunAsync(OrchestrationContext context, int input) => context.CallActivityAsync<string>("SayHello", "Ada");
        }
        """);

    [Theory]
    [InlineData("await context.CallSubOrchestratorAsync<string>({|OW1020:\"Flwo\"|}, 1);", "await context.CallSubOrchestratorAsync<string>(\"Flow\", 1);")]
    [InlineData("await context.CallEntityAsync(new EntityId({|OW1020:\"Acount\"|}, \"k\"), \"Deposit\", 1);", "await context.CallEntityAsync(new EntityId(\"Account\", \"k\"), \"Deposit\", 1);")]
    public Task UnknownOrchestrationAndEntityNames_BecomeTheNearestRegisteredName(string before, string after) => Verify.CodeFixAsync<NearestNameCodeFixProvider>(
        Account + Named(before),
        Account + Named(after));

    private const string Activity = """
        public sealed class SayHello : TaskActivity<string, string>
        {
            public override Task<string> RunAsync(ActivityContext context, string input) => Task.FromResult("Hello " + input);
        }

        """;

    private const string Account = """
        public sealed class Account : TaskEntity<int>
        {
            public void Deposit(int amount) => State += amount;
        }

        """;

    private static string Named(string statement) => $$"""
        public sealed class Flow : TaskOrchestrator<int, string>
        {
            public override async Task<string> RunAsync(OrchestrationContext context, int input)
            {
                {{statement}}
                return "done";
            }
        }
        """;

    private static string Flow(string statement) => $$"""
        public sealed class Flow : TaskOrchestrator<int, int>
        {
            public override async Task<int> RunAsync(OrchestrationContext context, int input)
            {
                using var cts = new CancellationTokenSource();
                var timer = context.CreateTimer(TimeSpan.FromSeconds(1), cts.Token);
                var result = context.CallSubOrchestratorAsync<int>("Flow", input);
                {{statement}}
                return input;
            }
        }
        """;
}
