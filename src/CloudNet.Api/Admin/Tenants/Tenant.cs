using CloudNet.Admin.Recordings;
using CloudNet.Networks;

namespace CloudNet.Admin.Tenants;

/// <summary>A tenant was made through the admin API, with its one user (credentials are not events: see StoredAccount).</summary>
public sealed record TenantCreated(string TenantId, string Name, string User, string By, DateTimeOffset At, string? ForkedFrom = null,
    DateTimeOffset? ForkedAt = null)
{
    /// <summary>The seed of a deterministic tenant (its id derives from it); null for the others.</summary>
    public string? Seed { get; init; }
}

/// <summary>
/// A tenant made at run time: one stream each (its creation, resets and forks), and a snapshot the admin list reads.
/// Configured tenants have no stream.
/// </summary>
/// <remarks>A configured tenant gets a stream when it is first reset (it then starts with the reset).</remarks>
public sealed record Tenant(Guid Id, string TenantId, string Name, string User, DateTimeOffset CreatedAt, string? ForkedFrom, DateTimeOffset? ForkedAt)
{
    public int Resets { get; init; }
    public DateTimeOffset? LastResetAt { get; init; }
    public bool Configured { get; init; }
    public string? Seed { get; init; }

    public static Guid StreamIdOf(string tenantId) => NameBasedIds.Of($"tenant:{tenantId}");

    public static Tenant Create(TenantCreated e) =>
        new(StreamIdOf(e.TenantId), e.TenantId, e.Name, e.User, e.At, e.ForkedFrom, e.ForkedAt) { Seed = e.Seed };

    public static Tenant Create(Resetting.TenantReset e) =>
        new(StreamIdOf(e.TenantId), e.TenantId, e.TenantId, "", e.At, null, null) { Resets = 1, LastResetAt = e.At, Configured = true };

    public Tenant Apply(Resetting.TenantReset e) => this with { Resets = Resets + 1, LastResetAt = e.At };

    /// <summary>The tenant's latest recording (<c>Admin/Recordings</c>), if it ever had one.</summary>
    public RecordingState? Recording { get; init; }

    public static Tenant Create(RecordingStarted e) =>
        new Tenant(StreamIdOf(e.TenantId), e.TenantId, e.TenantId, "", e.At, null, null) { Configured = true }.Apply(e);

    public Tenant Apply(RecordingStarted e) => this with { Recording = new RecordingState(e.RecordingId, RecordingState.Recording, e.At, null) };

    public Tenant Apply(RecordingStopped e) => this with { Recording = Recording! with { State = RecordingState.Stopped, EndedAt = e.At } };

    public Tenant Apply(RecordingFilled e) => this with { Recording = Recording! with { State = RecordingState.Full, EndedAt = e.At } };
}
