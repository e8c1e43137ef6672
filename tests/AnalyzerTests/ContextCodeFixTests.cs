using OrleansWorkflows.Analyzers.CodeFixes;
using Xunit;

namespace OrleansWorkflows.AnalyzerTests;

/// <summary>The fixes of OW1001-OW1004: the clock, GUIDs and waits of orchestrator code replaced by the context's durable ones.</summary>
public sealed class ContextCodeFixTests
{
    [Theory]
    [InlineData("{|OW1001:DateTime.UtcNow|}", "context.CurrentUtcDateTime")]
    [InlineData("{|OW1001:DateTime.Now|}", "context.CurrentUtcDateTime")]
    [InlineData("{|OW1001:DateTime.Today|}", "context.CurrentUtcDateTime.Date")]
    [InlineData("{|OW1001:DateTimeOffset.UtcNow|}.UtcDateTime", "new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero).UtcDateTime")]
    [InlineData("{|OW1001:DateTimeOffset.Now|}.UtcDateTime", "new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero).UtcDateTime")]
    public Task Clock_BecomesCurrentUtcDateTime(string read, string replacement) => Verify.CodeFixAsync<UseContextCodeFixProvider>(
        Flow($"DateTime at = {read};"),
        Flow($"DateTime at = {replacement};"));

    [Fact]
    public Task NewGuid_BecomesContextNewGuid_OfTheInnermostContext() => Verify.CodeFixAsync<UseContextCodeFixProvider>(
        """
        public static class Setup
        {
            public static WorkflowRegistry Register(WorkflowRegistry registry) =>
                registry.AddOrchestrator("Ids", ctx => Task.FromResult((object){|OW1002:Guid.NewGuid()|}));
        }
        """,
        """
        public static class Setup
        {
            public static WorkflowRegistry Register(WorkflowRegistry registry) =>
                registry.AddOrchestrator("Ids", ctx => Task.FromResult((object)ctx.NewGuid()));
        }
        """);

    [Theory]
    [InlineData("await {|OW1003:Task.Delay(500)|};", "await context.CreateTimer(TimeSpan.FromMilliseconds(500), CancellationToken.None);")]
    [InlineData("await {|OW1003:Task.Delay(TimeSpan.FromSeconds(1), token)|};", "await context.CreateTimer(TimeSpan.FromSeconds(1), token);")]
    [InlineData("{|OW1004:Thread.Sleep(100)|};", "await context.CreateTimer(TimeSpan.FromMilliseconds(100), CancellationToken.None);")]
    [InlineData("{|OW1004:Thread.Sleep(TimeSpan.FromMinutes(1))|};", "await context.CreateTimer(TimeSpan.FromMinutes(1), CancellationToken.None);")]
    public Task Waits_BecomeDurableTimers(string wait, string timer) => Verify.CodeFixAsync<UseContextCodeFixProvider>(
        Flow("var token = CancellationToken.None;\n        " + wait),
        Flow("var token = CancellationToken.None;\n        " + timer));

    [Fact]
    public Task NoContextInScope_NoFixIsOffered() => Verify.CodeFixAsync<UseContextCodeFixProvider>(Helper, Helper);

    private const string Helper = """
        public sealed class Flow : TaskOrchestrator<int, string>
        {
            public override Task<string> RunAsync(OrchestrationContext context, int input) => Task.FromResult(Now());

            private static string Now() => {|OW1001:DateTime.UtcNow|}.ToString("O");
        }
        """;

    private static string Flow(string statement) => $$"""
        public sealed class Flow : TaskOrchestrator<int, string>
        {
            public override async Task<string> RunAsync(OrchestrationContext context, int input)
            {
                {{statement}}
                await context.CreateTimer(TimeSpan.Zero, CancellationToken.None);
                return "done";
            }
        }
        """;
}
