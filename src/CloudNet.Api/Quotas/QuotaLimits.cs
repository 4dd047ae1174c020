using Marten;
using Microsoft.Extensions.Options;

namespace CloudNet.Quotas;

/// <summary>A tenant's quota for each resource: what an admin set for it, else the configured default.</summary>
public sealed class QuotaLimits(IOptions<QuotaOptions> options)
{
    public IReadOnlyDictionary<string, int> Defaults => options.Value.Defaults;

    public async Task<IReadOnlyDictionary<string, int>> ForAsync(IQuerySession session, string tenantId, CancellationToken ct)
    {
        var set = await session.LoadAsync<TenantQuotas>(TenantQuotas.StreamId(tenantId), ct);
        return Of(Defaults, set);
    }

    public async Task<int> ForAsync(IQuerySession session, string tenantId, string resource, CancellationToken ct) =>
        (await ForAsync(session, tenantId, ct))[resource];

    /// <summary>Pure: the defaults with a tenant's own limits over them.</summary>
    public static IReadOnlyDictionary<string, int> Of(IReadOnlyDictionary<string, int> defaults, TenantQuotas? set) =>
        defaults.ToDictionary(d => d.Key, d => set?.Limits.TryGetValue(d.Key, out var own) == true ? own : d.Value);

    /// <summary>Pure: whether a tenant holding <paramref name="held"/> may take <paramref name="more"/>; -1 is no limit.</summary>
    public static bool Allows(int limit, int held, int more) => limit < 0 || held + more <= limit;
}
