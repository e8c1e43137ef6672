using System.Text.Json;

namespace OrleansWorkflows.Storage.PostgreSql;

/// <summary>A membership entry as stored in <c>ow_membership.entry</c> (our own JSON shape; the heartbeat is a column).</summary>
internal sealed record MembershipRow(
    string Address,
    int Status,
    List<MembershipSuspicion>? Suspects,
    int ProxyPort,
    string? HostName,
    string? SiloName,
    string? RoleName,
    int UpdateZone,
    int FaultZone,
    long StartTime)
{
    public static string ToJson(MembershipEntry entry) => JsonSerializer.Serialize(new MembershipRow(
        entry.SiloAddress.ToParsableString(),
        (int)entry.Status,
        entry.SuspectTimes?.Select(s => new MembershipSuspicion(s.Item1.ToParsableString(), s.Item2.Ticks)).ToList(),
        entry.ProxyPort,
        entry.HostName,
        entry.SiloName,
        entry.RoleName,
        entry.UpdateZone,
        entry.FaultZone,
        entry.StartTime.Ticks));

    public static MembershipEntry FromJson(string json, long iAmAliveTicks)
    {
        var row = JsonSerializer.Deserialize<MembershipRow>(json) ?? throw new InvalidOperationException("Empty membership row.");
        return new MembershipEntry
        {
            SiloAddress = SiloAddress.FromParsableString(row.Address),
            Status = (SiloStatus)row.Status,
            SuspectTimes = row.Suspects?.Select(s => Tuple.Create(SiloAddress.FromParsableString(s.Address), new DateTime(s.Time, DateTimeKind.Utc))).ToList(),
            ProxyPort = row.ProxyPort,
            HostName = row.HostName!,
            SiloName = row.SiloName!,
            RoleName = row.RoleName,
            UpdateZone = row.UpdateZone,
            FaultZone = row.FaultZone,
            StartTime = new DateTime(row.StartTime, DateTimeKind.Utc),
            IAmAliveTime = new DateTime(iAmAliveTicks, DateTimeKind.Utc),
        };
    }

    /// <summary>The latest of start, heartbeat and suspicion times: how recently the row was alive.</summary>
    public static DateTime LastUpdate(MembershipEntry entry) =>
        (entry.SuspectTimes ?? []).Select(v => v.Item2).Append(entry.StartTime).Append(entry.IAmAliveTime)
            .Select(t => DateTime.SpecifyKind(t, DateTimeKind.Utc)).Max();
}

/// <summary>One suspicion vote: who suspected, and when (ticks, UTC).</summary>
internal sealed record MembershipSuspicion(string Address, long Time);
