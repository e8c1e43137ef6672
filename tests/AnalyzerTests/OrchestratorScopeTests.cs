using Xunit;

namespace OrleansWorkflows.AnalyzerTests;

/// <summary>
/// The rules apply to orchestrator code only: orchestrator classes, lambdas and methods registered as orchestrators,
/// and the methods of the compilation they call (directly or not); never to activities, entities or other code.
/// </summary>
public sealed class OrchestratorScopeTests
{
    [Fact]
    public Task LambdaRegisteredAsOrchestrator_IsOrchestratorCode_TheRegistrationAroundItIsNot() => Verify.AnalyzerAsync("""
        public static class Setup
        {
            public static WorkflowRegistry Register(WorkflowRegistry registry)
            {
                var startedAt = DateTime.UtcNow;
                return registry
                    .AddOrchestrator("Stamp", async ctx =>
                    {
                        await {|OW1003:Task.Delay(1)|};
                        return (object){|OW1001:DateTime.UtcNow|};
                    })
                    .AddOrchestrator("Plain", Body);
            }

            private static Task<object> Body(OrchestrationContext context) => Task.FromResult((object){|OW1002:Guid.NewGuid()|});
        }
        """);

    [Fact]
    public Task MethodsCalledFromOrchestratorCode_AreOrchestratorCode_TransitivelyAndOnlyThose() => Verify.AnalyzerAsync("""
        public sealed class Flow : TaskOrchestrator<int, string>
        {
            public override Task<string> RunAsync(OrchestrationContext context, int input) => Task.FromResult(Helpers.Stamp() + new Helpers().Value);
        }

        public sealed class Helpers
        {
            public string Value => Format({|OW1008:Random.Shared|}.Next());

            public static string Stamp() => Format({|OW1001:DateTime.UtcNow|});

            public static string Unused() => DateTime.UtcNow.ToString("O") + Guid.NewGuid();

            private static string Format(object value) => value + "/" + {|OW1002:Guid.NewGuid()|};
        }
        """);

    [Fact]
    public Task ActivitiesEntitiesAndOtherCode_AreNotFlagged_EvenWhenAnOrchestratorCallsTheActivity() => Verify.AnalyzerAsync("""
        public sealed class Clock : TaskActivity<int, string>
        {
            private static int s_calls;

            public override async Task<string> RunAsync(ActivityContext context, int input)
            {
                s_calls++;
                await Task.Delay(1).ConfigureAwait(false);
                Thread.Sleep(1);
                using var http = new System.Net.Http.HttpClient();
                var text = System.IO.File.Exists("a.txt") ? "file" : "none";
                return DateTime.UtcNow.ToString("O") + Guid.NewGuid() + new Random().Next() + Environment.MachineName + Shared.Now() + text + s_calls;
            }
        }

        public sealed class Counter : TaskEntity<int>
        {
            public void Add(int amount)
            {
                Thread.Sleep(1);
                State += amount + DateTime.Now.Second + Task.Run(() => 1).Result + Shared.Now().Length;
            }
        }

        public static class Shared
        {
            public static string Now() => DateTime.UtcNow.ToString("O");
        }

        public static class Program
        {
            public static async Task MainAsync()
            {
                await Task.Delay(1).ConfigureAwait(false);
                Console.WriteLine(DateTime.Now);
            }
        }

        public sealed class Flow : TaskOrchestrator<int, string>
        {
            public override async Task<string> RunAsync(OrchestrationContext context, int input)
            {
                await context.CallEntityAsync(new EntityId("Counter", "c"), "Add", input);
                return await context.CallActivityAsync<string>("Clock", input);
            }
        }
        """);
}
