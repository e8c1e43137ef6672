using Xunit;

namespace OrleansWorkflows.AnalyzerTests;

/// <summary>Every determinism rule (OW1001-OW1012) fires inside an orchestrator class, with its message.</summary>
public sealed class DeterminismRuleTests
{
    [Theory]
    [InlineData("var now = {|OW1001:DateTime.UtcNow|};")]
    [InlineData("var now = {|OW1001:DateTime.Now|};")]
    [InlineData("var today = {|OW1001:DateTime.Today|};")]
    [InlineData("var now = {|OW1001:DateTimeOffset.UtcNow|};")]
    [InlineData("var now = {|OW1001:DateTimeOffset.Now|};")]
    [InlineData("var id = {|OW1002:Guid.NewGuid()|};")]
    [InlineData("await {|OW1003:Task.Delay(10)|};")]
    [InlineData("await {|OW1003:Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None)|};")]
    [InlineData("{|OW1004:Thread.Sleep(10)|};")]
    [InlineData("await {|OW1005:Task.Run(() => 1)|};")]
    [InlineData("await {|OW1005:Task.Factory.StartNew(() => 1)|};")]
    [InlineData("{|OW1005:ThreadPool.QueueUserWorkItem(_ => { })|};")]
    [InlineData("await {|OW1006:context.CreateTimer(TimeSpan.Zero, CancellationToken.None).ConfigureAwait(false)|};")]
    [InlineData("var r = {|OW1007:Task.FromResult(1).Result|};")]
    [InlineData("{|OW1007:Task.CompletedTask.Wait()|};")]
    [InlineData("{|OW1007:Task.CompletedTask.GetAwaiter().GetResult()|};")]
    [InlineData("var n = {|OW1008:new Random()|}.Next();")]
    [InlineData("var n = {|OW1008:Random.Shared|}.Next();")]
    [InlineData("var v = {|OW1009:Environment.GetEnvironmentVariable(\"HOME\")|};")]
    [InlineData("var v = {|OW1009:Environment.MachineName|};")]
    [InlineData("var text = {|OW1010:System.IO.File.ReadAllText(\"a.txt\")|};")]
    [InlineData("using var http = {|OW1010:new System.Net.Http.HttpClient()|};")]
    [InlineData("using var socket = {|OW1010:new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp)|};")]
    [InlineData("System.Data.Common.DbConnection db = null; {|OW1010:db.Open()|};")]
    [InlineData("using var cts = new CancellationTokenSource(); await {|OW1011:cts.CancelAsync()|};")]
    [InlineData("using var cts = new CancellationTokenSource(); {|OW1011:cts.CancelAfter(10)|};")]
    [InlineData("using var cts = {|OW1011:new CancellationTokenSource(10)|};")]
    [InlineData("Counter.Total++; var t = {|OW1012:Counter.Calls|};")]
    public Task Rule_InOrchestratorClass_IsReported(string statement) => Verify.AnalyzerAsync($$"""
        public static class Counter
        {
            public static int Calls;
            public static int Total { get; set; }
            public const int Limit = 3;
            public static readonly int Start = 1;
        }

        public sealed class Flow : TaskOrchestrator<int, string>
        {
            public override async Task<string> RunAsync(OrchestrationContext context, int input)
            {
                {{statement}}
                await context.CreateTimer(TimeSpan.FromSeconds(Counter.Limit + Counter.Start), CancellationToken.None);
                return "done";
            }
        }
        """);

    [Fact]
    public Task StaticMutableField_OfTheOrchestratorItself_IsReported_ConstAndReadonlyAreNot() => Verify.AnalyzerAsync("""
        public sealed class Flow : TaskOrchestrator<int, int>
        {
            private static int s_runs;
            private static readonly TimeSpan Pause = TimeSpan.FromSeconds(1);
            private const int Step = 2;

            public override async Task<int> RunAsync(OrchestrationContext context, int input)
            {
                {|OW1012:s_runs|} += Step;
                await context.CreateTimer(Pause, CancellationToken.None);
                return input;
            }
        }
        """);

    [Fact]
    public Task Messages_NameTheCallAndTheDurableReplacement() => Verify.AnalyzerAsync(
        """
        public sealed class Flow : TaskOrchestrator<int, string>
        {
            public override async Task<string> RunAsync(OrchestrationContext ctx, int input)
            {
                var now = {|#0:DateTime.UtcNow|};
                await {|#1:Task.Delay(5)|};
                using var cts = new CancellationTokenSource();
                await {|#2:cts.CancelAsync()|};
                using var client = {|#3:new System.Net.Http.HttpClient()|};
                return now.ToString("O");
            }
        }
        """,
        Verify.At(Analyzers.Rules.Clock, 0).WithArguments("DateTime.UtcNow", "ctx"),
        Verify.At(Analyzers.Rules.Delay, 1).WithArguments("ctx"),
        Verify.At(Analyzers.Rules.Cancellation, 2).WithArguments("CancellationTokenSource.CancelAsync"),
        Verify.At(Analyzers.Rules.InputOutput, 3).WithArguments("new HttpClient()"));
}
