using CloudNet.Errors;
using CloudNet.Identity.Accounts;
using Marten;

namespace CloudNet.Admin.Tenants;

public static class TenantLookup
{
    /// <summary>A configured tenant, or one made through the admin API; else the admin API's 404.</summary>
    public static async Task EnsureKnownAsync(IQuerySession session, AccountDirectory accounts, string tenantId, CancellationToken ct)
    {
        if (accounts.All.Any(a => a.TenantId == tenantId)) return;
        if (await session.LoadAsync<Tenant>(Tenant.StreamIdOf(tenantId), ct) is null)
            throw Rejection.NotFound($"No tenant {tenantId}.", "TenantNotFound");
    }
}
