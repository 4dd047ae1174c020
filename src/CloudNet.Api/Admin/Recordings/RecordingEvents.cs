namespace CloudNet.Admin.Recordings;

/// <summary>An admin started recording the tenant's requests (<c>POST /_cloudnet/tenants/{tenant}/recording</c>). Appended to the
/// tenant's stream; the requests themselves are kept beside the events (<see cref="RecordingTables"/>), not as events.</summary>
public sealed record RecordingStarted(Guid RecordingId, string TenantId, int MaxEntries, long MaxBytes, string By, DateTimeOffset At);

/// <summary>The recording ended on an admin's request; it held <paramref name="Entries"/> requests.</summary>
public sealed record RecordingStopped(Guid RecordingId, string TenantId, int Entries, long Bytes, string By, DateTimeOffset At);

/// <summary>The recording reached a bound of its configuration (<c>Recording:MaxEntries</c> or <c>Recording:MaxBytes</c>): the
/// requests after this one were not recorded.</summary>
public sealed record RecordingFilled(Guid RecordingId, string TenantId, int Entries, long Bytes, DateTimeOffset At);

/// <summary>A tenant's recording as its tenant record shows it.</summary>
public sealed record RecordingState(Guid Id, string State, DateTimeOffset StartedAt, DateTimeOffset? EndedAt)
{
    public const string Recording = "recording";
    public const string Full = "full";
    public const string Stopped = "stopped";
}
