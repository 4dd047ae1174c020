using CloudNet.Networks;

namespace CloudNet.Admin.Tenants;

/// <summary>A tenant was made through the admin API, with its one user (credentials are not events: see StoredAccount).</summary>
public sealed record TenantCreated(string TenantId, string Name, string User, string By, DateTimeOffset At, string? ForkedFrom = null,
    DateTimeOffset? ForkedAt = null);

/// <summary>
/// A tenant made at run time: one stream each (its creation, resets and forks), and a snapshot the admin list reads.
/// Configured tenants have no stream.
/// </summary>
public sealed record Tenant(Guid Id, string TenantId, string Name, string User, DateTimeOffset CreatedAt, string? ForkedFrom, DateTimeOffset? ForkedAt)
{
    public static Guid StreamIdOf(string tenantId) => NameBasedIds.Of($"tenant:{tenantId}");

    public static Tenant Create(TenantCreated e) => new(StreamIdOf(e.TenantId), e.TenantId, e.Name, e.User, e.At, e.ForkedFrom, e.ForkedAt);
}
