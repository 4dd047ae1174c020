using CloudNet.Networks;

namespace CloudNet.Quotas;

/// <summary>An admin set some of a tenant's quotas (<c>PUT /v2.0/quotas/{project}</c>, <c>PUT /os-quota-sets/{project}</c>):
/// these limits replace the defaults.</summary>
public sealed record QuotasSet(string TenantId, IReadOnlyDictionary<string, int> Limits, string By, DateTimeOffset At);

/// <summary>An admin gave a tenant its default quotas back (<c>DELETE</c> on either route).</summary>
public sealed record QuotasReset(string TenantId, string By, DateTimeOffset At);

/// <summary>
/// The quotas an admin set for one tenant, one stream per tenant (its id derived from the tenant's), also the read model.
/// Limits not set here are the configured defaults.
/// </summary>
public sealed record TenantQuotas(Guid Id, string TenantId, IReadOnlyDictionary<string, int> Limits, DateTimeOffset UpdatedAt)
{
    public static Guid StreamId(string tenantId) => NameBasedIds.Of($"quotas:{tenantId}");

    public static TenantQuotas Create(QuotasSet e) => new(StreamId(e.TenantId), e.TenantId, e.Limits, e.At);

    public TenantQuotas Apply(QuotasSet e) =>
        this with { Limits = Limits.Concat(e.Limits).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value), UpdatedAt = e.At };

    public bool ShouldDelete(QuotasReset e) => true;
}
