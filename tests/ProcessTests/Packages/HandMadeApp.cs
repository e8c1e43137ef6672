namespace OrleansWorkflows.ProcessTests.Packages;

/// <summary>
/// The code a user writes into a plain <c>dotnet new web</c> app after adding the packages by hand: a silo on SQLite
/// with their own orchestration, activity and entity, and the workflow endpoints under a route prefix.
/// </summary>
internal static class HandMadeApp
{
    public const string Prefix = "/workflows";

    public const string Program = """
        using HandMade;
        using OrleansWorkflows.AspNetCore;
        using OrleansWorkflows.Hosting;

        var builder = WebApplication.CreateBuilder(args);
        builder.UseOrleans(silo => silo
            .UseLocalhostClustering(builder.Configuration.GetValue<int>("SiloPort"), builder.Configuration.GetValue<int>("GatewayPort"))
            .UseSqliteWorkflowStore(builder.Configuration["Database"]!)
            .AddOrleansWorkflows(o => o.Registry
                .AddOrchestrator<GreetAll>()
                .AddActivity<Greet>()
                .AddEntity<Visits>()));
        builder.Services.AddWorkflowEndpoints(o => o.RoutePrefix = "/workflows");

        var app = builder.Build();
        app.MapGet("/", () => "my own app");
        app.MapWorkflowEndpoints();
        app.Run();
        """;

    public const string Workflows = """
        using OrleansWorkflows;

        namespace HandMade;

        public sealed class GreetAll : TaskOrchestrator<string[], string>
        {
            public override async Task<string> RunAsync(OrchestrationContext context, string[] names)
            {
                var greetings = await Task.WhenAll(names.Select(name => context.CallActivityAsync<string>(nameof(Greet), name)));
                await context.CallEntityAsync(new EntityId(nameof(Visits), "greetings"), nameof(Visits.Add), names.Length);
                return string.Join(" ", greetings);
            }
        }

        public sealed class Greet : TaskActivity<string, string>
        {
            public override Task<string> RunAsync(ActivityContext context, string name) => Task.FromResult($"Hi {name}!");
        }

        public sealed class Visits : TaskEntity<int>
        {
            public void Add(int count) => State += count;

            public int Get() => State;
        }
        """;
}
