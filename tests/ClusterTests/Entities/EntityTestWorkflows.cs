namespace OrleansWorkflows.ClusterTests.Entities;

/// <summary>Test-only entities and orchestrations (registered on every silo by <c>TestRegistrations</c>).</summary>
internal static class EntityTestWorkflows
{
    public static void Register(WorkflowRegistry registry)
    {
        registry.AddEntity<Recorder>();
        registry.AddEntity<Faulty>();
        registry.AddEntity<Spawner>();

        // Orchestration -> entity -> new orchestration -> entity: a cycle that must not deadlock.
        registry.AddOrchestrator("CallSpawner", async ctx =>
        {
            var key = ctx.GetInput<string>()!;
            return await ctx.CallEntityAsync<string>(new EntityId(nameof(Spawner), key), "spawn", key);
        });

        // Signals record(sender, 1..count) to a recorder, so the recorder sees whether each sender's order held.
        registry.AddOrchestrator("SignalSequence", ctx =>
        {
            var input = ctx.GetInput<SequenceInput>()!;
            for (var i = 1; i <= input.Count; i++)
            {
                ctx.SignalEntity(new EntityId(nameof(Recorder), input.Recorder), "record", new Entry(ctx.InstanceId, i));
            }

            return Task.FromResult<object?>(input.Count);
        });

        registry.AddOrchestrator("AddThenGet", async ctx =>
        {
            var counter = new EntityId("Counter", ctx.GetInput<string>()!);
            await ctx.CallEntityAsync(counter, "add", 5);
            return await ctx.CallEntityAsync<int>(counter, "get");
        });

        registry.AddOrchestrator("CallFaulty", async ctx =>
        {
            var faulty = new EntityId(nameof(Faulty), ctx.GetInput<string>()!);
            await ctx.CallEntityAsync(faulty, "set", 1);
            string caught;
            try
            {
                await ctx.CallEntityAsync(faulty, "setThenFail", 99);
                caught = "no failure";
            }
            catch (TaskFailedException ex)
            {
                caught = $"{ex.FailureDetails.ErrorType}: {ex.FailureDetails.ErrorMessage}";
            }

            return new FaultyOutcome(caught, await ctx.CallEntityAsync<int>(faulty, "get"));
        });

        // Locks two recorders (in the order given: the engine sorts) and records its id into both, one call at a time.
        registry.AddOrchestrator("LockedRecords", async ctx =>
        {
            var input = ctx.GetInput<LockInput>()!;
            var first = new EntityId(nameof(Recorder), input.First);
            var second = new EntityId(nameof(Recorder), input.Second);
            await using (await ctx.LockEntitiesAsync(first, second))
            {
                for (var i = 1; i <= input.Rounds; i++)
                {
                    await ctx.CallEntityAsync(first, "record", new Entry("locked", i));
                    await ctx.CallEntityAsync(second, "record", new Entry("locked", i));
                    await ctx.CallEntityAsync(first, "mark", ctx.InstanceId);
                    await ctx.CallEntityAsync(second, "mark", ctx.InstanceId);
                }
            }

            return input.Rounds;
        });

        // Takes a lock and fails without releasing it: the engine must release it when the execution ends.
        registry.AddOrchestrator("LockThenFail", async ctx =>
        {
            await ctx.LockEntitiesAsync(new EntityId(nameof(Recorder), ctx.GetInput<string>()!));
            throw new InvalidOperationException("failing while holding the lock");
        });

        // Locks a recorder, records into it, then waits inside the section until terminated.
        registry.AddOrchestrator("LockAndWait", async ctx =>
        {
            var recorder = new EntityId(nameof(Recorder), ctx.GetInput<string>()!);
            await using (await ctx.LockEntitiesAsync(recorder))
            {
                await ctx.CallEntityAsync(recorder, "mark", ctx.InstanceId);
                return await ctx.WaitForExternalEvent<string>("never");
            }
        });

        // Version 1 locks a recorder and waits inside the section; after SwappedCode.Swap(instance) the "deployed" code
        // calls an activity first: a non-deterministic change reaching an instance that holds a lock.
        registry.AddOrchestrator("SwappableLockHolder", async ctx =>
        {
            var recorder = new EntityId(nameof(Recorder), ctx.GetInput<string>()!);
            if (SwappedCode.IsSwapped(ctx.InstanceId))
            {
                await ctx.CallActivityAsync<string>("Record", $"{ctx.InstanceId}|v2");
            }

            await using (await ctx.LockEntitiesAsync(recorder))
            {
                await ctx.CallEntityAsync(recorder, "mark", ctx.InstanceId);
                return await ctx.WaitForExternalEvent<string>("never");
            }
        });

        // Fails inside a critical section (an activity that fails until the test fixes it), never releasing the lock itself.
        registry.AddOrchestrator("FailsInsideSection", async ctx =>
        {
            var recorder = new EntityId(nameof(Recorder), ctx.GetInput<string>()!);
            await ctx.LockEntitiesAsync(recorder);
            await ctx.CallActivityAsync<string>("FailsUntilFixed", ctx.InstanceId);
            await ctx.CallEntityAsync(recorder, "mark", ctx.InstanceId);
            return "marked";
        });

        registry.AddOrchestrator("CallUnknownEntity", async ctx =>
        {
            try
            {
                await ctx.CallEntityAsync(new EntityId("NoSuchEntity", "k"), "get");
                return "no failure";
            }
            catch (TaskFailedException ex)
            {
                return ex.FailureDetails.ErrorMessage;
            }
        });
    }

    /// <summary>Instances whose orchestration code the test "redeployed" (see SwappableLockHolder).</summary>
    internal static class SwappedCode
    {
        private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> Swapped = new(StringComparer.Ordinal);

        public static void Swap(string instanceId) => Swapped[instanceId] = true;

        public static bool IsSwapped(string instanceId) => Swapped.ContainsKey(instanceId);
    }

    internal sealed record SequenceInput(string Recorder, int Count);

    internal sealed record LockInput(string First, string Second, int Rounds);

    internal sealed record Entry(string From, int N);

    internal sealed record FaultyOutcome(string Caught, int ValueAfter);

    /// <summary>Records, per sender, the numbers it sent (in arrival order), and the order of "mark" calls.</summary>
    internal sealed class Recorder : TaskEntity<RecorderState>
    {
        public void Record(Entry entry)
        {
            if (!State.BySender.TryGetValue(entry.From, out var list))
            {
                State.BySender[entry.From] = list = [];
            }

            list.Add(entry.N);
        }

        public void Mark(string who) => State.Marks.Add(who);

        protected override RecorderState InitializeState() => new();
    }

    internal sealed class RecorderState
    {
        public Dictionary<string, List<int>> BySender { get; set; } = [];

        public List<string> Marks { get; set; } = [];
    }

    /// <summary>Starts an <c>AddThenGet</c> orchestration on a counter and signals a counter itself.</summary>
    internal sealed class Spawner : TaskEntity<int>
    {
        public string Spawn(string key)
        {
            State++;
            Context.SignalEntity(new EntityId("Counter", key), "add", 100);
            return Context.StartOrchestration("AddThenGet", key, $"spawned-{key}");
        }
    }

    /// <summary>An entity whose operation changes state and then throws: the change must be rolled back.</summary>
    internal sealed class Faulty : TaskEntity<int>
    {
        public void Set(int value) => State = value;

        public void SetThenFail(int value)
        {
            State = value;
            throw new InvalidOperationException($"refusing {value}");
        }

        public int Get() => State;
    }
}
