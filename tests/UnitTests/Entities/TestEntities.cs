namespace OrleansWorkflows.UnitTests.Entities;

/// <summary>Entities exercising every shape of operation method.</summary>
internal sealed class Shapes : TaskEntity<List<string>>
{
    public void Append(string item) => State.Add(item);

    public int Count() => State.Count;

    public async Task AppendLaterAsync(string item)
    {
        await Task.Yield();
        State.Add(item);
    }

    public async Task<string> JoinAsync(string separator)
    {
        await Task.Yield();
        return string.Join(separator, State);
    }

    public ValueTask<int> CountValueAsync() => ValueTask.FromResult(State.Count);

    public void AppendThenFail(string item)
    {
        State.Add(item);
        Context.SignalEntity(new EntityId("Shapes", "other"), "append", item);
        throw new InvalidOperationException($"failed after appending {item}");
    }

    public void Forward(string item) => Context.SignalEntity(new EntityId("Shapes", "other"), "append", item);

    protected override List<string> InitializeState() => [];
}

/// <summary>Defines its own delete, which must win over the built-in one.</summary>
internal sealed class SoftDelete : TaskEntity<string>
{
    public void Set(string value) => State = value;

    public void Delete() => State = "deleted";
}

/// <summary>Two operations differing only by case: refused when the entity is first used.</summary>
internal sealed class Ambiguous : TaskEntity<int>
{
    public void Go() => State++;

#pragma warning disable CA1822, IDE1006 // the clash is the point of this test entity
    public void go() => State--;
#pragma warning restore CA1822, IDE1006
}
