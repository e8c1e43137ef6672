using OrleansWorkflows.Storage;
using Xunit;

namespace OrleansWorkflows.StorageConformanceTests.Rules;

/// <summary>The commit preconditions every store applies (<see cref="StoreRules.CommitConflict"/> and friends).</summary>
public sealed class StoreRulesCommitTests
{
    private static InstanceCommit Commit(long expected, int historyBefore = 0, bool replace = false) => new()
    {
        Record = new InstanceRecord { InstanceId = "i", Name = "O", ExecutionId = "e", Status = OrchestrationRuntimeStatus.Running },
        ExpectedVersion = expected,
        HistoryCountBefore = historyBefore,
        ReplaceHistory = replace,
    };

    [Fact]
    public void Create_WhenNoInstance_IsAllowed() => Assert.Null(StoreRules.CommitConflict(Commit(0), 0, 0));

    [Fact]
    public void Create_WhenTheInstanceExists_IsAConflictNamingTheVersions()
    {
        var conflict = StoreRules.CommitConflict(Commit(0), 3, 5);
        Assert.Equal("Instance 'i' is at version 3, not 0.", conflict?.Message);
        Assert.Equal(conflict?.Message, Assert.Throws<ConcurrencyException>(() => StoreRules.CheckCommit(Commit(0), 3, 5)).Message);
    }

    [Fact]
    public void Episode_AtAnotherVersion_IsAConflict() =>
        Assert.Equal("Instance 'i' is at version 2, not 1.", StoreRules.CommitConflict(Commit(1, 4), 2, 4)?.Message);

    [Fact]
    public void Episode_WithAnotherHistoryCount_IsAConflict() =>
        Assert.Equal("Instance 'i' has 5 history events, not 4.", StoreRules.CommitConflict(Commit(2, 4), 2, 5)?.Message);

    [Fact]
    public void NewExecution_IgnoresTheStoredHistoryCount_AndStartsItsHistoryAtZero()
    {
        var commit = Commit(2, 0, replace: true);
        Assert.Null(StoreRules.CommitConflict(commit, 2, 17));
        Assert.True(StoreRules.DropsStoredHistory(commit, 2));
        Assert.Equal(0, StoreRules.HistoryStart(commit, 17));
    }

    [Fact]
    public void NewExecution_OfANewInstance_HasNoStoredHistoryToDrop() => Assert.False(StoreRules.DropsStoredHistory(Commit(0, replace: true), 0));

    [Fact]
    public void Episode_AppendsAfterTheStoredHistory_AndAdvancesTheVersion()
    {
        var commit = Commit(2, 4);
        Assert.Null(StoreRules.CommitConflict(commit, 2, 4));
        Assert.False(StoreRules.DropsStoredHistory(commit, 2));
        Assert.Equal(4, StoreRules.HistoryStart(commit, 4));
        Assert.Equal(3, StoreRules.NextVersion(2));
    }

    [Theory]
    [InlineData(null, 1L, false)]
    [InlineData(1L, 1L, true)]
    [InlineData(2L, 1L, false)]
    public void Purge_OnlyAtTheExpectedVersionOfAnExistingInstance(long? stored, long expected, bool allowed) =>
        Assert.Equal(allowed, StoreRules.MayPurge(stored, expected));
}
