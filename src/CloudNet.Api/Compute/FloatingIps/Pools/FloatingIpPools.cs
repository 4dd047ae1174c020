using CloudNet.Ipam;
using CloudNet.Networks;
using Microsoft.Extensions.Options;

namespace CloudNet.Compute.FloatingIps.Pools;

public sealed class FloatingIpPoolOptions
{
    public string Name { get; set; } = "";
    public string Cidr { get; set; } = "";
}

public sealed record FloatingIpPool(string Name, AddressBlock Block)
{
    public string IpamScope => $"pool:{Name}";

    /// <summary>The pool seen as a network (Neutron's external network, history's <c>network_id</c>): derived from
    /// the name, so it is the same in every deployment and needs no stored mapping.</summary>
    public Guid NetworkId => NetworkIdOf(Name);

    public static Guid NetworkIdOf(string poolName) => NameBasedIds.Of($"pool:{poolName}");
}

/// <summary>The configured pools, parsed and checked once at start-up: a bad CIDR, a duplicate name or two
/// overlapping pools stop the service with a clear message rather than misallocate later.</summary>
public sealed class FloatingIpPools
{
    public const string DefaultName = "default";

    public IReadOnlyList<FloatingIpPool> All { get; }

    public FloatingIpPools(IOptions<List<FloatingIpPoolOptions>> options)
    {
        var configured = options.Value.Count > 0 ? options.Value : [new FloatingIpPoolOptions { Name = DefaultName, Cidr = "203.0.113.0/24" }];
        var pools = new List<FloatingIpPool>();
        foreach (var pool in configured)
        {
            if (string.IsNullOrWhiteSpace(pool.Name))
                throw new InvalidOperationException("FloatingIpPools: every pool needs a Name");
            if (!AddressBlock.TryParse(pool.Cidr, null, out var block, out var error))
                throw new InvalidOperationException($"FloatingIpPools: pool {pool.Name} has an invalid CIDR '{pool.Cidr}': {error}");
            if (pools.Any(p => p.Name == pool.Name))
                throw new InvalidOperationException($"FloatingIpPools: pool name {pool.Name} is used twice");
            var overlapping = pools.FirstOrDefault(p => p.Block.Network.Contains(block!.Network.BaseAddress) || block!.Network.Contains(p.Block.Network.BaseAddress));
            if (overlapping is not null)
                throw new InvalidOperationException($"FloatingIpPools: pools {overlapping.Name} and {pool.Name} overlap");
            pools.Add(new FloatingIpPool(pool.Name, block!));
        }
        All = pools;
    }

    /// <summary>The named pool; without a name, <c>default</c> if configured, else the first.</summary>
    public FloatingIpPool? Find(string? name) => name is null
        ? All.FirstOrDefault(p => p.Name == DefaultName) ?? All[0]
        : All.FirstOrDefault(p => p.Name == name);
}
