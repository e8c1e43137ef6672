namespace OrleansWorkflows.DurableTaskGrpcTests.Harness;

using Microsoft.DurableTask;

/// <summary>
/// The orchestrators and activities of every scenario, written with the SDK only; both backends' workers serve the same
/// set, so one oracle host and one OrleansWorkflows host serve the whole test collection.
/// </summary>
public static class ScenarioTasks
{
    /// <summary>Attempts of <c>FailUntilAttempt</c> per instance (activities may keep state; orchestrations may not).</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> Attempts = new(StringComparer.Ordinal);

    public static void Register(DurableTaskRegistry tasks)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        tasks.AddActivityFunc<string, string>("SayHello", (_, name) => $"Hello {name}!");
        tasks.AddActivityFunc<int, int>("Square", (_, n) => n * n);
        tasks.AddActivityFunc<int, string>("Big", (_, kilobytes) => new string('x', kilobytes * 1024));
        tasks.AddActivityFunc<string, string>("Fail", (_, message) => Task.FromException<string>(new InvalidOperationException(message)));
        tasks.AddActivityFunc<int, string>("FailUntilAttempt", (context, succeedAt) =>
        {
            var attempt = Attempts.AddOrUpdate(context.InstanceId, 1, (_, n) => n + 1);
            return attempt < succeedAt ? throw new InvalidOperationException($"attempt {attempt} failed") : $"succeeded on attempt {attempt}";
        });

        tasks.AddOrchestratorFunc<object?, string[]>("HelloSequence", async (context, _) =>
        [
            await context.CallActivityAsync<string>("SayHello", "Tokyo"),
            await context.CallActivityAsync<string>("SayHello", "Seattle"),
            await context.CallActivityAsync<string>("SayHello", "London"),
        ]);

        tasks.AddOrchestratorFunc<int, long>("FanOutFanIn", async (context, count) =>
        {
            var squares = await Task.WhenAll(Enumerable.Range(1, count).Select(i => context.CallActivityAsync<int>("Square", i)));
            return squares.Sum(s => (long)s);
        });

        tasks.AddOrchestratorFunc<object?, string>("Parent", async (context, _) =>
        {
            var first = await context.CallSubOrchestratorAsync<string[]>("HelloSequence");
            var sum = await context.CallSubOrchestratorAsync<long>("FanOutFanIn", 3);
            return $"{string.Join(",", first)}|{sum}";
        });

        tasks.AddOrchestratorFunc<int, string>("TimerThenHello", async (context, seconds) =>
        {
            var started = context.CurrentUtcDateTime;
            await context.CreateTimer(started.AddSeconds(seconds), CancellationToken.None);
            var waited = context.CurrentUtcDateTime - started >= TimeSpan.FromSeconds(seconds);
            return $"{await context.CallActivityAsync<string>("SayHello", "timer")} waited={waited}";
        });

        tasks.AddOrchestratorFunc<object?, string>("WaitForApproval", async (context, _) =>
        {
            context.SetCustomStatus("waiting");
            var decision = await context.WaitForExternalEvent<string>("Approval");
            context.SetCustomStatus("decided");
            return $"approval:{decision}";
        });

        tasks.AddOrchestratorFunc<int, string>("EventWithTimeout", async (context, seconds) =>
        {
            try
            {
                return $"event:{await context.WaitForExternalEvent<string>("Approval", TimeSpan.FromSeconds(seconds))}";
            }
            catch (TaskCanceledException)
            {
                return "timed out";
            }
        });

        tasks.AddOrchestratorFunc<int, int>("CountUp", (context, n) =>
        {
            if (n < 5)
            {
                context.ContinueAsNew(n + 1);
            }

            return Task.FromResult(n);
        });

        tasks.AddOrchestratorFunc<string, string>("CatchFailure", async (context, message) =>
        {
            try
            {
                return await context.CallActivityAsync<string>("Fail", message);
            }
            catch (TaskFailedException ex)
            {
                return $"caught {ex.FailureDetails.ErrorType}: {ex.FailureDetails.ErrorMessage}";
            }
        });

        tasks.AddOrchestratorFunc<int, string>("GreetThenFailUntilAttempt", async (context, succeedAt) =>
            $"{await context.CallActivityAsync<string>("SayHello", "Rewind")} / {await context.CallActivityAsync<string>("FailUntilAttempt", succeedAt)}");
        tasks.AddOrchestratorFunc<string, string>("FailUncaught", (context, message) => context.CallActivityAsync<string>("Fail", message));

        tasks.AddOrchestratorFunc<int, string>("RetryUntilSuccess", (context, succeedAt) => context.CallActivityAsync<string>(
            "FailUntilAttempt", succeedAt, TaskOptions.FromRetryPolicy(new RetryPolicy(5, TimeSpan.FromMilliseconds(200)))));

        tasks.AddOrchestratorFunc<object?, string>("RaceActivityAgainstTimer", async (context, _) =>
        {
            using var cancel = new CancellationTokenSource();
            var activity = context.CallActivityAsync<string>("SayHello", "race");
            var timer = context.CreateTimer(context.CurrentUtcDateTime.AddMinutes(5), cancel.Token);
            var winner = await Task.WhenAny(activity, timer);
            cancel.Cancel();
            return winner == activity ? await activity : "timer";
        });

        tasks.AddOrchestratorFunc<int[], int>("SumThreeEvents", async (context, state) =>
        {
            var next = await context.WaitForExternalEvent<int>("Add");
            int[] now = [state[0] + next, state[1] + 1];
            if (now[1] < 3)
            {
                context.ContinueAsNew(now, preserveUnprocessedEvents: true);
                return 0;
            }

            return now[0];
        });

        tasks.AddOrchestratorFunc<int, long>("BigHistory", async (context, megabytes) =>
        {
            long total = 0;
            for (var i = 0; i < megabytes * 2; i++)
            {
                total += (await context.CallActivityAsync<string>("Big", 512)).Length;
            }

            return total;
        });

        tasks.AddOrchestratorFunc<DateTime, string>("StartsNoEarlierThan", async (context, at) =>
            $"{await context.CallActivityAsync<string>("SayHello", "later")} onTime={context.CurrentUtcDateTime >= at}");

        tasks.AddOrchestratorFunc<object?, string>("GreetApproveGreet", async (context, _) =>
        {
            var before = await context.CallActivityAsync<string>("SayHello", "before");
            context.SetCustomStatus("waiting");
            var decision = await context.WaitForExternalEvent<string>("Approval");
            return $"{before}|{decision}|{await context.CallActivityAsync<string>("SayHello", "after")}";
        });

        tasks.AddOrchestratorFunc<object?, string>("WaitForever", async (context, _) => await context.WaitForExternalEvent<string>("Never"));

        // Side-by-side versions of one name: each says which code ran and what version its context saw.
        tasks.AddOrchestratorFunc<object?, string>("Versioned", "1", (context, _) => Task.FromResult($"v1 ran as [{context.Version}]"));
        tasks.AddOrchestratorFunc<object?, string>("Versioned", "2", (context, _) => Task.FromResult($"v2 ran as [{context.Version}]"));
        tasks.AddOrchestratorFunc<string, string>("VersionedParent", (context, version) =>
            context.CallSubOrchestratorAsync<string>("Versioned", options: new SubOrchestrationOptions { Version = version }));
        tasks.AddOrchestratorFunc<int, string>("UpgradesItself", "1", (context, n) =>
        {
            context.ContinueAsNew(new ContinueAsNewOptions { NewInput = n + 1, NewVersion = "2" });
            return Task.FromResult(string.Empty);
        });
        tasks.AddOrchestratorFunc<int, string>("UpgradesItself", "2", (context, n) => Task.FromResult($"v2 after {n}, as [{context.Version}]"));
    }
}
