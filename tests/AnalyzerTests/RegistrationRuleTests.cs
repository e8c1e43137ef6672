using Xunit;
using static OrleansWorkflows.Analyzers.Rules;

namespace OrleansWorkflows.AnalyzerTests;

/// <summary>
/// OW1020 (a name no registration of the compilation has, with the nearest one) and OW1021 (an input or output type that
/// does not match the registered class or delegate).
/// </summary>
public sealed class RegistrationRuleTests
{
    private const string Workflows = """
        public sealed class SayHello : TaskActivity<string, string>
        {
            public override Task<string> RunAsync(ActivityContext context, string input) => Task.FromResult("Hello " + input);
        }

        [WorkflowName("Billing.Charge")]
        public sealed class Charge : TaskActivity<int, long>
        {
            public override Task<long> RunAsync(ActivityContext context, int input) => Task.FromResult((long)input);
        }

        public sealed class Child : TaskOrchestrator<int, string>
        {
            public override Task<string> RunAsync(OrchestrationContext context, int input) => Task.FromResult(input.ToString());
        }

        public sealed class Account : TaskEntity<int>
        {
            public void Deposit(int amount) => State += amount;
        }

        public static class Setup
        {
            public static WorkflowRegistry Register(WorkflowRegistry registry) => registry
                .AddActivity<string, string>("Greet", (context, name) => Task.FromResult("Hi " + name))
                .AddOrchestrator<Child>("Kid");
        }

        """;

    [Fact]
    public Task UnknownNames_AreReported_WithTheNearestRegisteredName() => Verify.AnalyzerAsync(
        Workflows + """
        public sealed class Flow : TaskOrchestrator<int, string>
        {
            public override async Task<string> RunAsync(OrchestrationContext context, int input)
            {
                var a = await context.CallActivityAsync<string>({|#0:"SayHelo"|}, "Ada");
                var b = await context.CallActivityAsync<long>("billing.charge", 5);
                var c = await context.CallSubOrchestratorAsync<string>({|#1:"Chlid"|}, 1);
                var d = await context.CallSubOrchestratorAsync<string>("Kid", 2);
                await context.CallEntityAsync(new EntityId({|#2:"Acount"|}, "k"), "Deposit", 1);
                await context.CallEntityAsync(new EntityId(nameof(Account), "k"), "Deposit", 1);
                await context.CallActivityAsync({|#3:"Nothing.Like.This"|});
                var e = await context.CallActivityAsync<string>("Greet", "x");
                return a + b + c + d + e;
            }
        }
        """,
        Verify.At(UnknownName, 0).WithArguments("activity", "SayHelo", "; did you mean 'SayHello'?"),
        Verify.At(UnknownName, 1).WithArguments("orchestration", "Chlid", "; did you mean 'Child'?"),
        Verify.At(UnknownName, 2).WithArguments("entity", "Acount", "; did you mean 'Account'?"),
        Verify.At(UnknownName, 3).WithArguments("activity", "Nothing.Like.This", string.Empty));

    [Fact]
    public Task UnknownNames_AreNotReported_WhenARegistrationOfThatKindHasANameKnownOnlyAtRunTime() => Verify.AnalyzerAsync("""
        public static class Setup
        {
            public static WorkflowRegistry Register(WorkflowRegistry registry, string name) =>
                registry.AddActivity<int, int>(name, (context, i) => Task.FromResult(i));
        }

        public sealed class Flow : TaskOrchestrator<int, int>
        {
            public override Task<int> RunAsync(OrchestrationContext context, int input) => context.CallActivityAsync<int>("FromConfiguration", input);
        }
        """);

    [Fact]
    public Task EntityIdsOutsideOrchestratorCode_AreNotChecked() => Verify.AnalyzerAsync("""
        public static class Client
        {
            public static EntityId Remote() => new EntityId("EntityOfAnotherService", "k");
        }
        """);

    [Fact]
    public Task InputAndOutputTypes_ThatDoNotMatchTheRegistration_AreReported() => Verify.AnalyzerAsync(
        Workflows + """
        public sealed class Flow : TaskOrchestrator<int, string>
        {
            public override async Task<string> RunAsync(OrchestrationContext context, int input)
            {
                var a = await context.CallActivityAsync<string>("SayHello", {|#0:42|});
                var b = await {|#1:context.CallActivityAsync<int>("Billing.Charge", 5)|};
                var c = await context.CallActivityAsync<double>("Billing.Charge", (short)5);
                var d = await context.CallActivityAsync<object>("Billing.Charge", 5);
                var e = await context.CallSubOrchestratorAsync<string>("Child", {|#2:"one"|});
                var f = await {|#3:context.CallActivityAsync<int>("Greet", "x")|};
                await context.CallActivityAsync("SayHello", null);
                return a + b + c + d + e + f;
            }
        }
        """,
        Verify.At(TypeMismatch, 0).WithArguments("Activity", "SayHello", "class SayHello", "takes", "string", "passes", "int"),
        Verify.At(TypeMismatch, 1).WithArguments("Activity", "Billing.Charge", "class Charge", "returns", "long", "expects", "int"),
        Verify.At(TypeMismatch, 2).WithArguments("Orchestration", "Child", "class Child", "takes", "int", "passes", "string"),
        Verify.At(TypeMismatch, 3).WithArguments("Activity", "Greet", "a delegate", "returns", "string", "expects", "int"));
}
