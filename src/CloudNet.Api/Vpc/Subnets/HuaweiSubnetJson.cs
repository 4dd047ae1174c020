using CloudNet.Networks;
using CloudNet.Vpc.Vpcs;

namespace CloudNet.Vpc.Subnets;

/// <summary>
/// A network in Huawei's v1 subnet shape: its <c>id</c> and <c>neutron_network_id</c> are the network id (seed 002's
/// <c>subnet_id</c>), <c>neutron_subnet_id</c> its IPv4 subnet, whose description, DHCP and DNS servers are the subnet's
/// (<see cref="HuaweiSubnetRules"/>), and whose <c>availability_zone</c> is the network's first availability zone hint.
/// </summary>
public static class HuaweiSubnetJson
{
    public static object From(Network network)
    {
        var subnet = VpcSubnetLookup.Primary(network);
        var dns = subnet?.DnsNameservers ?? [];
        return new
        {
            id = network.NetworkId,
            name = network.Label,
            description = subnet?.Description ?? "",
            cidr = subnet?.Cidr ?? "",
            gateway_ip = subnet?.Gateway ?? "",
            dhcp_enable = subnet?.EnableDhcp ?? true,
            primary_dns = dns.ElementAtOrDefault(0) ?? "",
            secondary_dns = dns.ElementAtOrDefault(1) ?? "",
            dnsList = dns,
            availability_zone = network.Attributes.AvailabilityZoneHints.FirstOrDefault() ?? "",
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
