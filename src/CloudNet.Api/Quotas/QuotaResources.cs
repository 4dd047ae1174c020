namespace CloudNet.Quotas;

/// <summary>
/// The resources a tenant's quotas limit, one name each whichever API sets or reads it: Neutron's names for what Neutron
/// and nova share (a floating IP quota is one quota), nova's for the rest. nova's quota sets map their own names onto these
/// (<c>Compute.QuotaSets.ComputeQuotas</c>).
/// </summary>
public static class QuotaResources
{
    public const string FloatingIp = "floatingip";
    public const string Network = "network";
    public const string Subnet = "subnet";
    public const string Port = "port";
    public const string Router = "router";
    public const string SecurityGroup = "security_group";
    public const string SecurityGroupRule = "security_group_rule";
    public const string Instances = "instances";
    public const string Cores = "cores";
    public const string Ram = "ram";
    public const string KeyPairs = "key_pairs";

    /// <summary>Huawei's VPCs (Neutron's routers underneath, hence Huawei's "Quota exceeded for resources: ['router']").</summary>
    public const string Vpc = "vpc";

    /// <summary>Every resource whose usage <see cref="QuotaUsageProjection"/> counts, in Neutron's order.</summary>
    public static readonly string[] Counted = [FloatingIp, Network, Port, Router, SecurityGroup, SecurityGroupRule, Subnet];

    /// <summary>Resources <see cref="QuotaUsageProjection"/> also counts that Neutron's quota API does not show: Huawei's VPCs.</summary>
    public static readonly string[] CountedBeyondNeutron = [Vpc];
}

/// <summary>
/// The default quota of every tenant, from configuration (<c>Quotas</c>); -1 is unlimited, as in Neutron and nova. Neutron's
/// defaults for what Neutron counts, nova's for the rest.
/// </summary>
public sealed class QuotaOptions
{
    public int FloatingIps { get; set; } = 10;
    public int Networks { get; set; } = 100;
    public int Subnets { get; set; } = 100;
    public int Ports { get; set; } = 500;
    public int Routers { get; set; } = 10;
    public int SecurityGroups { get; set; } = 10;
    public int SecurityGroupRules { get; set; } = 100;
    public int Instances { get; set; } = 10;
    public int Cores { get; set; } = 20;
    public int Ram { get; set; } = 51200;
    public int KeyPairs { get; set; } = 100;
    public int Vpcs { get; set; } = 100;
    public int FixedIps { get; set; } = -1;
    public int MetadataItems { get; set; } = 128;
    public int InjectedFiles { get; set; } = 5;
    public int InjectedFileContentBytes { get; set; } = 10240;
    public int InjectedFilePathBytes { get; set; } = 255;
    public int ServerGroups { get; set; } = 10;
    public int ServerGroupMembers { get; set; } = 10;

    public IReadOnlyDictionary<string, int> Defaults => new Dictionary<string, int>
    {
        [QuotaResources.FloatingIp] = FloatingIps,
        [QuotaResources.Network] = Networks,
        [QuotaResources.Port] = Ports,
        [QuotaResources.Router] = Routers,
        [QuotaResources.Subnet] = Subnets,
        [QuotaResources.SecurityGroup] = SecurityGroups,
        [QuotaResources.SecurityGroupRule] = SecurityGroupRules,
        [QuotaResources.Instances] = Instances,
        [QuotaResources.Cores] = Cores,
        [QuotaResources.Ram] = Ram,
        [QuotaResources.KeyPairs] = KeyPairs,
        [QuotaResources.Vpc] = Vpcs,
        ["fixed_ips"] = FixedIps,
        ["metadata_items"] = MetadataItems,
        ["injected_files"] = InjectedFiles,
        ["injected_file_content_bytes"] = InjectedFileContentBytes,
        ["injected_file_path_bytes"] = InjectedFilePathBytes,
        ["server_groups"] = ServerGroups,
        ["server_group_members"] = ServerGroupMembers,
    };
}
