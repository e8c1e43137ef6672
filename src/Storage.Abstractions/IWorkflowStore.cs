namespace OrleansWorkflows.Storage;

/// <summary>
/// The workflow store: everything the engine persists about orchestration instances, as the composite of its roles —
/// <see cref="IInstanceStore"/> (instances and history), <see cref="IInstanceQueryIndex"/> (queries),
/// <see cref="IMailboxStore"/> (inbox, request ids, outbox removal) and <see cref="IWakeIndex"/> (wake-ups). Every
/// backend (in-memory, SQLite, PostgreSQL) implements it, applies the shared <see cref="StoreRules"/> and passes the
/// same conformance tests (tests/StorageConformanceTests).
/// </summary>
public interface IWorkflowStore : IInstanceStore, IInstanceQueryIndex, IMailboxStore, IWakeIndex
{
}
