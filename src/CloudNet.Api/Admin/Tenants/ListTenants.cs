using Marten;
using Wolverine.Http;

namespace CloudNet.Admin.Tenants;

/// <summary><c>GET /_cloudnet/tenants</c>: the tenants made through the admin API, oldest first (no credentials).</summary>
public static class ListTenantsEndpoint
{
    [WolverineGet("/_cloudnet/tenants", OperationId = "ListTenants")]
    [Tags("Admin")]
    public static async Task<IResult> Get(IQuerySession session, CancellationToken ct)
    {
        var tenants = await session.Query<Tenant>().OrderBy(t => t.CreatedAt).ToListAsync(ct);
        return Results.Json(new { tenants = tenants.Select(TenantJson.From) });
    }
}
