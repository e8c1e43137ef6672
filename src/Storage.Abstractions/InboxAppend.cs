namespace OrleansWorkflows.Storage;

/// <summary>The result of <see cref="IMailboxStore.AppendInboxAsync"/>.</summary>
/// <param name="Result">What happened.</param>
/// <param name="EntryId">The id of the new entry when appended, else 0.</param>
public readonly record struct InboxAppend(InboxAppendResult Result, long EntryId);

/// <summary>What <see cref="IMailboxStore.AppendInboxAsync"/> did.</summary>
public enum InboxAppendResult
{
    /// <summary>Appended.</summary>
    Appended = 0,

    /// <summary>Already received: nothing written.</summary>
    Duplicate = 1,

    /// <summary>No such instance: nothing written.</summary>
    NotFound = 2,
}
