using CloudNet.Compute.FloatingIps.Pools;
using CloudNet.Ipam;
using CloudNet.Networks;
using CloudNet.Replicas;
using Marten;
using Npgsql;

namespace CloudNet.Admin.Usage;

/// <summary>How many addresses one tenant holds in a scope.</summary>
public sealed record HolderCount(string TenantId, long Held);

/// <summary>
/// One IPAM scope, a floating IP pool or a subnet, with its size (usable addresses: network, broadcast and gateway are
/// never handed out) and what is held of it now, per tenant, most first.
/// </summary>
public sealed record ScopeUsage(string Kind, string Name, Guid NetworkId, string NetworkName, string? OwnerTenantId, string Cidr,
    int Version, double Size, IReadOnlyList<HolderCount> Holders)
{
    public long Held { get; } = Holders.Sum(h => h.Held);

    public double Free => Math.Max(0, Size - Held);
}

/// <summary>
/// The usage of every pool and subnet, from the IPAM leases (the write side's own record of what is held, the one a
/// new allocation is checked against) grouped by scope and tenant in one statement, and the configured pools and the
/// networks' read models for the sizes.
/// </summary>
public static class AddressUsage
{
    public static async Task<IReadOnlyList<ScopeUsage>> ReadAsync(IQuerySession session, FloatingIpPools pools, CancellationToken ct)
    {
        var held = await HeldByScopeAsync(session, ct);
        IReadOnlyList<HolderCount> Of(string scope) => held.TryGetValue(scope, out var holders) ? holders : [];

        var usage = pools.All
            .Select(p => new ScopeUsage("pool", p.Name, p.NetworkId, p.Name, null, p.Block.Cidr, p.Block.Version,
                (double)p.Block.UsableCount, Of(p.IpamScope)))
            .ToList();
        var networks = await session.Query<Network>().ToListAsync(ct);
        usage.AddRange(from network in networks.OrderBy(n => n.CreatedAt).ThenBy(n => n.NetworkId)
                       from subnet in network.Subnets
                       let block = subnet.Block()
                       select new ScopeUsage("subnet", subnet.Id.ToString(), network.NetworkId, network.Label, network.TenantId,
                           block.Cidr, block.Version, (double)block.UsableCount, Of(subnet.IpamScope)));
        return usage;
    }

    static async Task<Dictionary<string, IReadOnlyList<HolderCount>>> HeldByScopeAsync(IQuerySession session, CancellationToken ct)
    {
        var leases = IpamSchema.Qualified(session.DocumentStore.Options.DatabaseSchemaName, IpamSchema.LeasesTable);
        await using var connection = await ReadConnection.OpenAsync(session, ct);
        await using var command = new NpgsqlCommand($"select scope, tenant_id, count(*) from {leases} group by scope, tenant_id", connection);
        var rows = new List<(string Scope, HolderCount Count)>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                rows.Add((reader.GetString(0), new HolderCount(reader.GetString(1), reader.GetInt64(2))));
        return rows.GroupBy(r => r.Scope, StringComparer.Ordinal).ToDictionary(g => g.Key,
            g => (IReadOnlyList<HolderCount>)g.Select(r => r.Count).OrderByDescending(c => c.Held).ThenBy(c => c.TenantId, StringComparer.Ordinal).ToList(),
            StringComparer.Ordinal);
    }
}
