using CloudNet.Compute.FloatingIps.Pools;
using Microsoft.Extensions.Options;

namespace CloudNet.Vpc.PublicIps;

/// <summary>The <c>PublicIpTypes</c> section: each Huawei EIP type (<c>5_bgp</c>…) and the floating IP pool its addresses come from.</summary>
public sealed class PublicIpOptions
{
    public Dictionary<string, string> Types { get; set; } = [];
}

/// <summary>
/// Huawei's EIP types as this service's floating IP pools: an EIP of a type is a floating IP of that type's pool, allocated through
/// IPAM like any other. Out of the box <c>5_bgp</c> (Huawei's default, dynamic BGP) is the default pool. Checked at start-up: a type
/// naming a pool that is not configured stops the service. A pool no type names shows its own name as the type of its floating IPs.
/// </summary>
public sealed class PublicIpTypes
{
    public const string DefaultType = "5_bgp";

    readonly Dictionary<string, FloatingIpPool> byType;

    public PublicIpTypes(IOptions<PublicIpOptions> options, FloatingIpPools pools)
    {
        var configured = options.Value.Types.Count > 0 ? options.Value.Types : new() { [DefaultType] = pools.Find(null)!.Name };
        byType = configured.ToDictionary(t => t.Key, t => pools.Find(t.Value)
            ?? throw new InvalidOperationException($"PublicIpTypes: type {t.Key} names pool {t.Value}, which is not configured"));
    }

    public IReadOnlyCollection<string> Names => byType.Keys;

    public FloatingIpPool? PoolOf(string type) => byType.GetValueOrDefault(type);

    public string TypeOf(string pool) => byType.FirstOrDefault(t => t.Value.Name == pool).Key ?? pool;
}
