namespace OrleansWorkflows.Diagnostics;

/// <summary>
/// Every log event id of the engine, one range per area (<c>First</c>..<c>Last</c> of each nested class): an id names
/// one message for good (dashboards and alerts filter on it), so a new message takes a new id in its area's range and an
/// id is never reused. <c>LogEventIdTests</c> checks the ids are unique, each lies in its area's range, and every
/// <c>[LoggerMessage]</c> of the engine uses one of them.
/// </summary>
internal static class LogEvents
{
    /// <summary>Orchestration instances (the orchestration grain): 1000-1099.</summary>
    internal static class Orchestrations
    {
        public const int First = 1000;
        public const int Last = 1099;
        public const int EpisodeAbandoned = 1001;
        public const int InjectedCrash = 1002;
        public const int InstanceFinished = 1003;
        public const int MessageDropped = 1004;
        public const int HistoryContradictsRecord = 1010;
        public const int BehindTheStore = 1011;
        public const int StartScheduled = 1020;
    }

    /// <summary>Outbox delivery (orchestrations and entities sending messages): 1100-1199.</summary>
    internal static class Delivery
    {
        public const int First = 1100;
        public const int Last = 1199;
        public const int DeliveryRetrying = 1101;
    }

    /// <summary>Activity workers: 2000-2099.</summary>
    internal static class Activities
    {
        public const int First = 2000;
        public const int Last = 2099;
        public const int ActivityFailed = 2001;
        public const int ResultReportRetrying = 2002;
    }

    /// <summary>Durable entities (the entity grain): 3000-3099.</summary>
    internal static class Entities
    {
        public const int First = 3000;
        public const int Last = 3099;
        public const int BatchAbandoned = 3001;
        public const int UnknownEntityRefused = 3002;
        public const int SignaledOperationFailed = 3003;
        public const int BehindTheStore = 3004;
        public const int EntriesRecovered = 3005;
    }

    /// <summary>The recovery (wake-up) sweep: 3100-3199.</summary>
    internal static class Recovery
    {
        public const int First = 3100;
        public const int Last = 3199;
        public const int SweepPoked = 3101;
        public const int SweepFailed = 3102;
    }

    /// <summary>The client request-id window: 3200-3299.</summary>
    internal static class RequestIds
    {
        public const int First = 3200;
        public const int Last = 3299;
        public const int RequestIdsForgotten = 3201;
    }

    /// <summary>Workflow store errors seen by grain calls: 3300-3399.</summary>
    internal static class Store
    {
        public const int First = 3300;
        public const int Last = 3399;
        public const int StoreFailed = 3301;
    }

    /// <summary>Background jobs (retention and their scheduling at silo start): 3400-3499.</summary>
    internal static class BackgroundJobs
    {
        public const int First = 3400;
        public const int Last = 3499;
        public const int RetentionPurged = 3401;
        public const int JobSchedulingRetrying = 3402;
        public const int JobNotScheduled = 3403;
    }

    /// <summary>Side-by-side orchestration versions (placement, instances whose version their silo lacks): 3500-3599.</summary>
    internal static class Versions
    {
        public const int First = 3500;
        public const int Last = 3599;
        public const int VersionLookupFailed = 3501;
        public const int WaitingForVersion = 3502;
        public const int MovingToVersion = 3503;
    }
}
