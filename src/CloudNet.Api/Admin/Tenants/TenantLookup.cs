using CloudNet.Errors;
using CloudNet.Identity.Accounts;
using Marten;

namespace CloudNet.Admin.Tenants;

public static class TenantLookup
{
    /// <summary>A configured tenant, or one made through the admin API; else the admin API's 404.</summary>
    public static async Task EnsureKnownAsync(IQuerySession session, AccountDirectory accounts, string tenantId, CancellationToken ct)
    {
        if (!await IsKnownAsync(session, accounts, tenantId, ct)) throw Rejection.NotFound($"No tenant {tenantId}.", "TenantNotFound");
    }

    /// <summary>Whether the tenant is configured, or was made through the admin API.</summary>
    public static async Task<bool> IsKnownAsync(IQuerySession session, AccountDirectory accounts, string tenantId, CancellationToken ct) =>
        accounts.All.Any(a => a.TenantId == tenantId) || await session.LoadAsync<Tenant>(Tenant.StreamIdOf(tenantId), ct) is not null;
}
