namespace OrleansWorkflows.UpgradeTests;

// FROZEN: the orchestrations, activities and entities of the first upgrade fixture (Fixtures/2026-12-05-18d6fa5).
// Instances written with these definitions are stored in that fixture and replayed by every later commit, so their
// names, inputs, outputs and the order of their steps must never change (see README.md beside this file). A later
// fixture adds a new file with new names; it never edits this one.

/// <summary>Where the fixture workflows run: while the generator writes the fixture, or afterwards (the upgrade test).</summary>
public sealed class FixtureMode(bool generating)
{
    /// <summary>True in the generator's silo: <see cref="Fixture1Slow"/> blocks, <see cref="Fixture1FailsWhileGenerating"/> fails.</summary>
    public bool Generating { get; } = generating;

    /// <summary>Called when <see cref="Fixture1Slow"/> starts (the generator prints it, so its driver knows the activity is in flight).</summary>
    public Action<string> ActivityStarted { get; init; } = _ => { };
}

/// <summary>Registers the frozen workflows of the first fixture.</summary>
public static class Fixture1Registrations
{
    /// <summary>Adds every workflow of the first fixture to <paramref name="registry"/>.</summary>
    /// <param name="registry">The silo's registry.</param>
    public static WorkflowRegistry AddFixture1(this WorkflowRegistry registry) => registry
        .AddActivity<Fixture1Greet>(nameof(Fixture1Greet))
        .AddActivity<Fixture1Slow>(nameof(Fixture1Slow))
        .AddActivity<Fixture1FailsWhileGenerating>(nameof(Fixture1FailsWhileGenerating))
        .AddActivity<Fixture1AlwaysFails>(nameof(Fixture1AlwaysFails))
        .AddOrchestrator<Fixture1Hello>(nameof(Fixture1Hello))
        .AddOrchestrator<Fixture1CallSlow>(nameof(Fixture1CallSlow))
        .AddOrchestrator<Fixture1Timer>(nameof(Fixture1Timer))
        .AddOrchestrator<Fixture1WaitEvent>(nameof(Fixture1WaitEvent))
        .AddOrchestrator<Fixture1Parent>(nameof(Fixture1Parent))
        .AddOrchestrator<Fixture1Locker>(nameof(Fixture1Locker))
        .AddOrchestrator<Fixture1Generations>(nameof(Fixture1Generations))
        .AddOrchestrator<Fixture1Rewindable>(nameof(Fixture1Rewindable))
        .AddOrchestrator<Fixture1Fails>(nameof(Fixture1Fails))
        .AddEntity<Fixture1Journal>(nameof(Fixture1Journal))
        .AddEntity<Fixture1Tally>(nameof(Fixture1Tally));
}

/// <summary>Returns "Hello {name}!".</summary>
public sealed class Fixture1Greet : TaskActivity<string, string>
{
    /// <inheritdoc />
    public override Task<string> RunAsync(ActivityContext context, string input) => Task.FromResult($"Hello {input}!");
}

/// <summary>Returns "slow:{input}"; while the fixture is generated it never returns (it is in flight when the silo is killed).</summary>
public sealed class Fixture1Slow(FixtureMode mode) : TaskActivity<string, string>
{
    /// <inheritdoc />
    public override async Task<string> RunAsync(ActivityContext context, string input)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (mode.Generating)
        {
            mode.ActivityStarted(context.InstanceId);
            await Task.Delay(Timeout.Infinite, context.CancellationToken);
        }

        return $"slow:{input}";
    }
}

/// <summary>Fails while the fixture is generated; returns "recovered:{input}" afterwards (after a rewind).</summary>
public sealed class Fixture1FailsWhileGenerating(FixtureMode mode) : TaskActivity<string, string>
{
    /// <inheritdoc />
    public override Task<string> RunAsync(ActivityContext context, string input) => mode.Generating
        ? throw new InvalidOperationException($"fixture: {input} fails while generating")
        : Task.FromResult($"recovered:{input}");
}

/// <summary>Always fails.</summary>
public sealed class Fixture1AlwaysFails : TaskActivity<string, string>
{
    /// <inheritdoc />
    public override Task<string> RunAsync(ActivityContext context, string input) => throw new InvalidOperationException($"fixture: {input} always fails");
}

/// <summary>Greets its input through an activity.</summary>
public sealed class Fixture1Hello : TaskOrchestrator<string, string>
{
    /// <inheritdoc />
    public override Task<string> RunAsync(OrchestrationContext context, string input) =>
        context.CallActivityAsync<string>(nameof(Fixture1Greet), input);
}

/// <summary>Waits on <see cref="Fixture1Slow"/>.</summary>
public sealed class Fixture1CallSlow : TaskOrchestrator<string, string>
{
    /// <inheritdoc />
    public override async Task<string> RunAsync(OrchestrationContext context, string input) =>
        "done:" + await context.CallActivityAsync<string>(nameof(Fixture1Slow), input);
}

/// <summary>Waits on a durable timer <c>input</c> seconds long, then reports that it fired after its due time.</summary>
public sealed class Fixture1Timer : TaskOrchestrator<int, string>
{
    /// <inheritdoc />
    public override async Task<string> RunAsync(OrchestrationContext context, int input)
    {
        ArgumentNullException.ThrowIfNull(context);
        var due = context.CurrentUtcDateTime.AddSeconds(input);
        await context.CreateTimer(due, CancellationToken.None);
        return context.CurrentUtcDateTime >= due ? $"timer {input}s fired" : "timer fired early";
    }
}

/// <summary>Waits for the event "Go" (a string) and returns "{input}:{event}".</summary>
public sealed class Fixture1WaitEvent : TaskOrchestrator<string, string>
{
    /// <inheritdoc />
    public override async Task<string> RunAsync(OrchestrationContext context, string input) =>
        $"{input}:{await context.WaitForExternalEvent<string>("Go")}";
}

/// <summary>Runs <see cref="Fixture1WaitEvent"/> as the sub-orchestration "{own id}-child" and wraps its output.</summary>
public sealed class Fixture1Parent : TaskOrchestrator<string, string>
{
    /// <inheritdoc />
    public override async Task<string> RunAsync(OrchestrationContext context, string input)
    {
        ArgumentNullException.ThrowIfNull(context);
        var child = await context.CallSubOrchestratorAsync<string>(nameof(Fixture1WaitEvent), "child-of-" + input, context.InstanceId + "-child");
        return $"parent({child})";
    }
}

/// <summary>
/// Locks the journals "{input}-a" and "{input}-b", appends "locked" to the first, waits for the event "Release" while
/// holding both locks, appends "released:{event}" to the second and returns both call results.
/// </summary>
public sealed class Fixture1Locker : TaskOrchestrator<string, string>
{
    /// <inheritdoc />
    public override async Task<string> RunAsync(OrchestrationContext context, string input)
    {
        ArgumentNullException.ThrowIfNull(context);
        var a = new EntityId(nameof(Fixture1Journal), input + "-a");
        var b = new EntityId(nameof(Fixture1Journal), input + "-b");
        await using (await context.LockEntitiesAsync(a, b))
        {
            var first = await context.CallEntityAsync<int>(a, nameof(Fixture1Journal.Append), "locked");
            var release = await context.WaitForExternalEvent<string>("Release");
            var second = await context.CallEntityAsync<int>(b, nameof(Fixture1Journal.Append), "released:" + release);
            return $"a={first},b={second}";
        }
    }
}

/// <summary>What <see cref="Fixture1Generations"/> carries from one generation to the next.</summary>
/// <param name="Generation">1, 2, 3.</param>
/// <param name="Carried">What the earlier generations produced.</param>
public sealed record Fixture1Carried(int Generation, IReadOnlyList<string> Carried);

/// <summary>
/// Generation 1 greets through an activity and continues as new; generation 2 continues as new; generation 3 waits
/// for the event "Go" and returns everything carried plus the event.
/// </summary>
public sealed class Fixture1Generations : TaskOrchestrator<Fixture1Carried, string>
{
    /// <inheritdoc />
    public override async Task<string> RunAsync(OrchestrationContext context, Fixture1Carried input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        switch (input.Generation)
        {
            case 1:
                var greeting = await context.CallActivityAsync<string>(nameof(Fixture1Greet), "generation 1");
                context.ContinueAsNew(new Fixture1Carried(2, [.. input.Carried, greeting]));
                return string.Empty;
            case 2:
                context.ContinueAsNew(new Fixture1Carried(3, [.. input.Carried, "generation 2"]));
                return string.Empty;
            default:
                context.SetCustomStatus($"generation {input.Generation} waits");
                var go = await context.WaitForExternalEvent<string>("Go");
                return string.Join("|", [.. input.Carried, go]);
        }
    }
}

/// <summary>Calls <see cref="Fixture1FailsWhileGenerating"/>: Failed in the fixture, completes once rewound.</summary>
public sealed class Fixture1Rewindable : TaskOrchestrator<string, string>
{
    /// <inheritdoc />
    public override async Task<string> RunAsync(OrchestrationContext context, string input) =>
        "rewound:" + await context.CallActivityAsync<string>(nameof(Fixture1FailsWhileGenerating), input);
}

/// <summary>Calls <see cref="Fixture1AlwaysFails"/> and fails with it.</summary>
public sealed class Fixture1Fails : TaskOrchestrator<string, string>
{
    /// <inheritdoc />
    public override Task<string> RunAsync(OrchestrationContext context, string input) =>
        context.CallActivityAsync<string>(nameof(Fixture1AlwaysFails), input);
}

/// <summary>An entity holding a list of strings; the order of the entries shows the order of the operations.</summary>
public sealed class Fixture1Journal : TaskEntity<List<string>>
{
    /// <summary>Appends <paramref name="entry"/>; returns the new count.</summary>
    /// <param name="entry">The entry.</param>
    public int Append(string entry)
    {
        State.Add(entry);
        return State.Count;
    }

    /// <inheritdoc />
    protected override List<string> InitializeState() => [];
}

/// <summary>An entity holding an integer.</summary>
public sealed class Fixture1Tally : TaskEntity<int>
{
    /// <summary>Adds <paramref name="amount"/>.</summary>
    /// <param name="amount">The amount.</param>
    public void Add(int amount) => State += amount;
}
