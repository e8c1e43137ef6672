using System.Reflection;
using Microsoft.Extensions.Logging;
using OrleansWorkflows.Replay;
using Xunit;

namespace OrleansWorkflows.UnitTests.Diagnostics;

/// <summary>The engine's log event ids: one per message, unique, each in its area's range of <c>LogEvents</c>.</summary>
public sealed class LogEventIdTests
{
    private static readonly Assembly Engine = typeof(OrchestrationExecutor).Assembly;

    [Fact]
    public void LoggerMessages_EventIdsAreUnique()
    {
        var clashes = LoggerMessages()
            .GroupBy(m => m.EventId)
            .Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(m => m.Method))}")
            .ToList();

        Assert.True(LoggerMessages().Count > 10, "the engine's [LoggerMessage] methods were not found");
        Assert.True(clashes.Count == 0, "Log event ids used by more than one message:\n" + string.Join("\n", clashes));
    }

    [Fact]
    public void LoggerMessages_UseIdsDeclaredInLogEvents()
    {
        var declared = Areas().SelectMany(a => a.Ids).Select(i => i.Value).ToHashSet();

        var undeclared = LoggerMessages().Where(m => !declared.Contains(m.EventId)).Select(m => $"{m.Method}: {m.EventId}").ToList();

        Assert.True(undeclared.Count == 0, "[LoggerMessage] ids not declared in LogEvents:\n" + string.Join("\n", undeclared));
    }

    [Fact]
    public void LogEvents_IdsAreUniqueAndInTheirAreasRange()
    {
        var areas = Areas();

        var outOfRange = areas.SelectMany(a => a.Ids.Where(i => i.Value < a.First || i.Value > a.Last).Select(i => $"{a.Name}.{i.Name} = {i.Value} (range {a.First}-{a.Last})")).ToList();
        var duplicates = areas.SelectMany(a => a.Ids).GroupBy(i => i.Value).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        var overlapping = (from a in areas from b in areas where string.CompareOrdinal(a.Name, b.Name) < 0 && a.First <= b.Last && b.First <= a.Last select $"{a.Name} and {b.Name}").ToList();

        Assert.True(areas.Count >= 5, "LogEvents' areas were not found");
        Assert.Empty(outOfRange);
        Assert.Empty(duplicates);
        Assert.Empty(overlapping);
    }

    private static List<(string Method, int EventId)> LoggerMessages() =>
        [.. from type in Engine.GetTypes()
            from method in type.GetMethods(BindingFlags.Static | BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
            let attribute = method.GetCustomAttribute<LoggerMessageAttribute>()
            where attribute is not null
            select ($"{type.Name}.{method.Name}", attribute.EventId)];

    private static List<(string Name, int First, int Last, List<(string Name, int Value)> Ids)> Areas()
    {
        var logEvents = Engine.GetType("OrleansWorkflows.Diagnostics.LogEvents") ?? throw new InvalidOperationException("No OrleansWorkflows.Diagnostics.LogEvents in the engine.");
        return [.. logEvents.GetNestedTypes(BindingFlags.NonPublic | BindingFlags.Public).Select(area =>
        {
            var constants = area.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).ToDictionary(f => f.Name, f => (int)f.GetRawConstantValue()!);
            return (area.Name, constants["First"], constants["Last"], constants.Where(c => c.Key is not "First" and not "Last").Select(c => (c.Key, c.Value)).ToList());
        })];
    }
}
