using CloudNet.Compute.FloatingIps;
using CloudNet.Compute.Flavors;
using CloudNet.Compute.Keypairs;
using CloudNet.Compute.Servers;
using CloudNet.Quotas;
using Marten;

namespace CloudNet.Compute.QuotaSets;

/// <summary>
/// What a project holds of each of nova's quota resources, counted from its read models: its servers (and their flavors'
/// cores and RAM; a server of a flavor that is not configured counts none), keypairs and floating IPs; and its security groups
/// and their rules, as the quotas count them (they are Neutron's). Nothing else is held here.
/// </summary>
public static class ComputeUsage
{
    public static async Task<IReadOnlyDictionary<string, int>> CountAsync(IQuerySession session, string tenantId, FlavorCatalog flavors,
        CancellationToken ct)
    {
        var servers = await session.Query<Server>().Where(s => s.TenantId == tenantId).Select(s => s.FlavorRef).ToListAsync(ct);
        var sizes = servers.Select(flavors.ById).Where(f => f is not null).ToList();
        var neutron = await QuotaUsage.HeldAsync(session, tenantId, ct);
        return new Dictionary<string, int>
        {
            ["security_groups"] = neutron[QuotaResources.SecurityGroup],
            ["security_group_rules"] = neutron[QuotaResources.SecurityGroupRule],
            [ComputeQuotas.Instances] = servers.Count,
            [ComputeQuotas.Cores] = sizes.Sum(f => f!.Vcpus),
            [ComputeQuotas.Ram] = sizes.Sum(f => f!.Ram),
            [ComputeQuotas.KeyPairs] = await session.Query<Keypair>().CountAsync(k => k.TenantId == tenantId, ct),
            [ComputeQuotas.FloatingIps] = await session.Query<FloatingIp>().CountAsync(ip => ip.TenantId == tenantId, ct),
        };
    }
}
