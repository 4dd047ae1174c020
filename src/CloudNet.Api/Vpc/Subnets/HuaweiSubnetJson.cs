using CloudNet.Networks;
using CloudNet.Vpc.Vpcs;

namespace CloudNet.Vpc.Subnets;

/// <summary>
/// A network in Huawei's v1 subnet shape: its <c>id</c> and <c>neutron_network_id</c> are the network id
/// (seed 002's <c>subnet_id</c>), <c>neutron_subnet_id</c> its IPv4 subnet. DHCP and DNS settings are not
/// modelled: they are accepted on create and answered with fixed values.
/// </summary>
public static class HuaweiSubnetJson
{
    public static object From(Network network)
    {
        var subnet = network.Subnets.FirstOrDefault(s => s.Version == 4) ?? network.Subnets.FirstOrDefault();
        return new
        {
            id = network.NetworkId,
            name = network.Label,
            description = "",
            cidr = subnet?.Cidr ?? "",
            gateway_ip = subnet?.Gateway ?? "",
            dhcp_enable = true,
            primary_dns = "",
            secondary_dns = "",
            dnsList = Array.Empty<string>(),
            availability_zone = "",
            vpc_id = network.VpcId?.ToString() ?? "",
            status = "ACTIVE",
            ipv6_enable = false,
            neutron_network_id = network.NetworkId,
            neutron_subnet_id = subnet?.Id.ToString() ?? "",
            extra_dhcp_opts = Array.Empty<object>(),
            tenant_id = network.TenantId ?? "",
            created_at = VpcJson.Timestamp(network.CreatedAt),
            updated_at = VpcJson.Timestamp(network.UpdatedAt),
        };
    }
}
