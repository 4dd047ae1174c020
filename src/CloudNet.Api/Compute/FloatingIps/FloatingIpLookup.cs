using System.Net;
using CloudNet.Identity;
using Marten;

namespace CloudNet.Compute.FloatingIps;

public static class FloatingIpLookup
{
    /// <summary>By UUID or by address (SPEC: both name the same floating IP), from the read model.</summary>
    public static async Task<FloatingIp> VisibleAsync(IQuerySession session, string idOrAddress, Caller caller, CancellationToken ct)
    {
        FloatingIp? ip = null;
        if (Guid.TryParse(idOrAddress, out var id))
            ip = await session.LoadAsync<FloatingIp>(id, ct);
        else if (IPAddress.TryParse(idOrAddress, out var address))
        {
            var text = address.ToString();
            ip = await session.Query<FloatingIp>().FirstOrDefaultAsync(x => x.Address == text && x.TenantId == caller.TenantId, ct);
        }
        return FloatingIpRules.Visible(ip, idOrAddress, caller);
    }
}
