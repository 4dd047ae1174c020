namespace CloudNet.Quotas;

/// <summary>The resources a tenant's quotas count, by Neutron's names (nova's <c>floating_ips</c> is Neutron's <c>floatingip</c>).</summary>
public static class QuotaResources
{
    public const string Network = "network";
    public const string Subnet = "subnet";
    public const string Port = "port";
    public const string FloatingIp = "floatingip";

    /// <summary>Every resource whose usage <see cref="QuotaUsageProjection"/> counts, in Neutron's order.</summary>
    public static readonly string[] Counted = [FloatingIp, Network, Port, Subnet];
}

/// <summary>The default quota of every tenant, from configuration (<c>Quotas</c>); -1 is unlimited, as in Neutron and nova.</summary>
public sealed class QuotaOptions
{
    public int FloatingIps { get; set; } = 10;
    public int Networks { get; set; } = 100;
    public int Subnets { get; set; } = 100;
    public int Ports { get; set; } = 500;

    public IReadOnlyDictionary<string, int> Defaults => new Dictionary<string, int>
    {
        [QuotaResources.FloatingIp] = FloatingIps,
        [QuotaResources.Network] = Networks,
        [QuotaResources.Port] = Ports,
        [QuotaResources.Subnet] = Subnets,
    };
}
