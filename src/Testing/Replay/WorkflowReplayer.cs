using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansWorkflows.History;
using OrleansWorkflows.Replay;

namespace OrleansWorkflows.Testing;

/// <summary>
/// Replays recorded histories — files written by <see cref="WorkflowClient.ExportHistoryAsync"/> (or the HTTP
/// <c>instances/{id}/history/export</c> route), or plain JSON arrays of events — against today's registrations, without
/// a silo, and reports for each the first divergence: its sequence number, what the history recorded, what the code
/// attempted and the source file and line of the orchestrator code that attempted it (from the orchestrator assembly's
/// PDB). Use it in a test before a deploy (<c>Assert.All(replayer.ReplayPath("histories"), r =&gt; Assert.True(r.Succeeded, r.ToString()))</c>)
/// or through the command-line gate (<see cref="ReplayGate"/>). Activities do not run: their results come from the history.
/// </summary>
public sealed class WorkflowReplayer
{
    private readonly WorkflowRegistry _registry;
    private readonly IServiceProvider _services;

    /// <summary>Creates a replayer over <paramref name="registry"/>.</summary>
    /// <param name="registry">The registrations of today's code.</param>
    /// <param name="services">The services orchestrators are created with (constructor injection); default none.</param>
    public WorkflowReplayer(WorkflowRegistry registry, IServiceProvider? services = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        _registry = registry;
        _services = services ?? new ServiceCollection().BuildServiceProvider();
    }

    /// <summary>Replays every <c>*.json</c> file of a folder (in name order), or the one file <paramref name="path"/> names.</summary>
    /// <param name="path">A history file or a folder of them.</param>
    public IReadOnlyList<ReplayResult> ReplayPath(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (Directory.Exists(path))
        {
            return [.. Directory.GetFiles(path, "*.json").Order(StringComparer.Ordinal).Select(ReplayFile)];
        }

        return [ReplayFile(path)];
    }

    /// <summary>Replays one history file.</summary>
    /// <param name="path">The file.</param>
    public ReplayResult ReplayFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Invalid(path, ex.Message);
        }

        return Replay(json, path);
    }

    /// <summary>Replays one history given as JSON text.</summary>
    /// <param name="historyJson">An export document or a JSON array of events.</param>
    /// <param name="source">What to call it in the result.</param>
    public ReplayResult Replay(string historyJson, string source = "history")
    {
        ArgumentNullException.ThrowIfNull(historyJson);
        HistoryDocument document;
        try
        {
            document = HistoryDocument.Parse(historyJson);
        }
        catch (JsonException ex)
        {
            return Invalid(source, ex.Message);
        }

        var instanceId = document.InstanceId ?? "replay";
        var executor = new OrchestrationExecutor(instanceId, (name, version) => _registry.CreateOrchestrator(name, version, _services), NullLoggerFactory.Instance)
        {
            CaptureCallSites = true,
        };
        var result = executor.Replay(document.Events);
        var name = document.Started.Name;
        if (executor.Divergence is { } divergence)
        {
            return new ReplayResult(
                source, ReplayOutcome.Diverged, instanceId, name, document.Events.Count, divergence.SequenceNumber, divergence.Recorded,
                divergence.Attempted, divergence.SourceFile, divergence.SourceLine, divergence.Message);
        }

        return result.NewEvents.OfType<ExecutionCompleted>().FirstOrDefault(c => c.OrchestrationStatus == OrchestrationRuntimeStatus.Failed) is { } failed
            ? new ReplayResult(source, ReplayOutcome.Failed, instanceId, name, document.Events.Count, Message: failed.FailureDetails?.ErrorMessage)
            : new ReplayResult(source, ReplayOutcome.Replayed, instanceId, name, document.Events.Count);
    }

    private static ReplayResult Invalid(string source, string message) => new(source, ReplayOutcome.Invalid, null, null, 0, Message: message);
}
