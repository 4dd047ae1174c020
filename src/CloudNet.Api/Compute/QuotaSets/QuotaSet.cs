using CloudNet.Networks;

namespace CloudNet.Compute.QuotaSets;

/// <summary>An admin set some of a project's compute quotas (<c>PUT /os-quota-sets/{project}</c>): the values it sent.</summary>
public sealed record QuotaSetUpdated(string TenantId, IReadOnlyDictionary<string, int> Limits, string By, DateTimeOffset At);

/// <summary>An admin put a project's compute quotas back to the defaults (<c>DELETE /os-quota-sets/{project}</c>).</summary>
public sealed record QuotaSetReverted(string TenantId, string By, DateTimeOffset At);

/// <summary>
/// The quotas an admin set for one project, where they differ from the configured defaults: one stream per project
/// (its id derives from the project's), and an inline snapshot that the quota routes and the floating IP quota check
/// read. Reverted, the snapshot goes: the defaults apply again.
/// </summary>
public sealed record QuotaSet(Guid Id, string TenantId, IReadOnlyDictionary<string, int> Limits)
{
    public static Guid StreamIdOf(string tenantId) => NameBasedIds.Of($"quota-set:{tenantId}");

    public static QuotaSet Create(QuotaSetUpdated e) => new(StreamIdOf(e.TenantId), e.TenantId, e.Limits);

    public QuotaSet Apply(QuotaSetUpdated e) => this with { Limits = Limits.Concat(e.Limits).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value) };

    public bool ShouldDelete(QuotaSetReverted e) => true;
}
