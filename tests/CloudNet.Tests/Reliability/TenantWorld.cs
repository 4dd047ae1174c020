using System.Text.Json.Nodes;
using Alba;
using CloudNet.Tests.Support;

namespace CloudNet.Tests.Reliability;

/// <summary>
/// One of every kind of resource a tenant can own, made through the public API: a server on PublicNet, ServiceNet
/// and an isolated network, a virtual interface on a Neutron network, a floating IP added to the server, a shared IP
/// associated with it, a VPC with a subnet and a private IP on it, a router from the Neutron network to the default pool, and
/// a security group with a rule. <see cref="ValuesFor"/> names the ids a route's
/// path parameter can take, so every route can be aimed at this tenant's resources.
/// </summary>
public sealed class TenantWorld
{
    public required TestAccount Account { get; init; }
    public required string Token { get; init; }
    public required string ServerId { get; init; }
    public required string SecondServerId { get; init; }
    public required string IsolatedNetworkId { get; init; }
    public required string NeutronNetworkId { get; init; }
    public required string NeutronSubnetId { get; init; }
    public required string VifId { get; init; }
    public required string PortId { get; init; }
    public required string FloatingIpId { get; init; }
    public required string FloatingIpAddress { get; init; }
    public required string SharedIpId { get; init; }
    public required string SharedIpAddress { get; init; }
    public required string VpcId { get; init; }
    public required string VpcSubnetId { get; init; }
    public required string PrivateIpId { get; init; }
    public required string PrivateIpAddress { get; init; }
    public required string RequestId { get; init; }
    public required string KeypairName { get; init; }
    public required string RouterId { get; init; }
    public required string SecurityGroupId { get; init; }
    public required string SecurityGroupRuleId { get; init; }

    /// <summary>Strings that belong to this tenant alone: none of them may appear in what another tenant is shown.</summary>
    public IEnumerable<string> PrivateStrings =>
    [
        Account.TenantId, ServerId, SecondServerId, IsolatedNetworkId, NeutronNetworkId, NeutronSubnetId, VifId, PortId, FloatingIpId,
        SharedIpId, VpcId, VpcSubnetId, PrivateIpId, RequestId, KeypairName, RouterId, SecurityGroupId, SecurityGroupRuleId,
    ];

    /// <summary>What a path parameter of <paramref name="route"/> can be set to, to reach this tenant's resources.</summary>
    public IReadOnlyList<string> ValuesFor(Route route, string parameter)
    {
        var t = route.Template;
        return parameter switch
        {
            "projectId" or "tenantId" or "project_id" or "tenant" or "project" => [Account.TenantId],
            "serverId" => [ServerId, SecondServerId],
            "vifId" => [VifId],
            "portId" => [PortId],
            "ipAddressId" => [SharedIpId],
            "idOrAddress" => [FloatingIpId, FloatingIpAddress],
            // Neutron's view of the same floating IPs (/v2.0/floatingips/{floatingIpId}).
            "floatingIpId" or "floatingip_id" => [FloatingIpId],
            "networkId" when t.StartsWith("/os-networksv2") => [IsolatedNetworkId],
            "networkId" => [NeutronNetworkId, IsolatedNetworkId],
            "subnetId" when t.StartsWith("/v1/") || t.StartsWith("/v2.0/{projectId}/") => [VpcSubnetId],
            // Huawei's EIPs are the floating IPs (/v1/{project_id}/publicips/{publicipId}).
            "publicipId" => [FloatingIpId],
            "subnetId" => [NeutronSubnetId],
            "vpcId" => [VpcId],
            "privateIpId" => [PrivateIpId],
            "requestId" => [RequestId],
            "keypairName" => [KeypairName],
            "key" => ["world"],
            "routerId" => [RouterId],
            "securityGroupId" => [SecurityGroupId],
            "securityGroupRuleId" => [SecurityGroupRuleId],
            "quotaProjectId" => [Account.TenantId],
            "address" => [FloatingIpAddress, SharedIpAddress, PrivateIpAddress],
            "kind" => ["servers", "floating-ips", "shared-ips", "private-ips", "networks", "virtual-interfaces", "ports", "keypairs", "routers",
                "security-groups", "vpcs"],
            // Neutron's tag routes (/v2.0/{collection}/{resourceId}/tags).
            "collection" => ["networks", "subnets", "ports", "floatingips", "routers", "security-groups"],
            "resourceId" => [NeutronNetworkId, NeutronSubnetId, PortId, FloatingIpId, RouterId, SecurityGroupId],
            "id" => [ServerId, FloatingIpId, SharedIpId, PrivateIpId, NeutronNetworkId, VifId],
            _ => [],
        };
    }

    /// <summary>History routes take a kind and an id that go together.</summary>
    public IEnumerable<(string Kind, string Id)> HistoryResources =>
    [
        ("servers", ServerId), ("floating-ips", FloatingIpId), ("shared-ips", SharedIpId), ("private-ips", PrivateIpId),
        ("networks", NeutronNetworkId), ("networks", IsolatedNetworkId), ("networks", VpcSubnetId), ("virtual-interfaces", VifId),
        ("ports", PortId),
        ("keypairs", KeypairName),
        ("routers", RouterId),
        ("security-groups", SecurityGroupId), ("vpcs", VpcId),
    ];

    /// <summary>Builds the world for <paramref name="account"/>; <paramref name="octet"/> keeps its CIDRs apart from another world's.</summary>
    public static async Task<TenantWorld> CreateAsync(IAlbaHost host, TestAccount account, int octet)
    {
        var token = await host.TokenFor(account);
        var project = account.TenantId;

        async Task<RawReply> Call(string method, string path, string? json, int expected)
        {
            var request = new RawRequest(method, path).WithHeader("X-Auth-Token", token);
            if (json is not null) request = request.WithJson(json);
            var reply = await host.SendRawAsync(request);
            reply.Status.ShouldBe(expected, $"{method} {path}: {reply}");
            return reply;
        }

        var isolated = (await Call("POST", "/os-networksv2", $$$"""{"network":{"label":"iso-{{{octet}}}","cidr":"192.168.{{{octet}}}.0/24"}}""", 200))
            .Json["network"]!["id"].Str();
        var neutron = (await Call("POST", "/v2.0/networks", $$$"""{"network":{"name":"neutron-{{{octet}}}"}}""", 201)).Json["network"]!["id"].Str();
        var neutronSubnet = (await Call("POST", "/v2.0/subnets",
            $$$"""{"subnet":{"network_id":"{{{neutron}}}","cidr":"10.{{{octet}}}.0.0/24","ip_version":4,"name":"sub-{{{octet}}}"}}""", 201))
            .Json["subnet"]!["id"].Str();

        var created = await Call("POST", "/servers", $$$"""
            {"server":{"name":"world-{{{octet}}}","imageRef":"img","flavorRef":"flv","networks":[
              {"uuid":"{{{Scenarios.PublicNet}}}"},{"uuid":"{{{Scenarios.ServiceNet}}}"},{"uuid":"{{{isolated}}}"}]}}
            """, 202);
        var server = created.Json["server"]!["id"].Str();
        var requestId = created.RequestId!;

        var second = (await Call("POST", "/servers",
            $$$"""{"server":{"name":"world-{{{octet}}}-b","imageRef":"img","flavorRef":"flv","networks":[{"uuid":"{{{isolated}}}"}]}}""", 202))
            .Json["server"]!["id"].Str();

        var vif = (await Call("POST", $"/servers/{server}/os-virtual-interfacesv2",
            $$$"""{"virtual_interface":{"network_id":"{{{neutron}}}"}}""", 200)).Json["virtual_interfaces"]![0]!["id"].Str();
        var ports = (await Call("GET", "/v2.0/ports", null, 200)).Json["ports"]!.AsArray();
        var port = ports.First(p => p!["device_id"].Str() == server)!["id"].Str();

        var floating = (await Call("POST", "/os-floating-ips", null, 202)).Json["floating_ip"]!;
        await Call("POST", $"/servers/{server}/action", $$$"""{"addFloatingIp":{"address":"{{{floating["ip"].Str()}}}"}}""", 202);

        var shared = (await Call("POST", "/v2.0/ip_addresses",
            $$$"""{"ip_address":{"network_id":"{{{isolated}}}","version":4,"device_ids":["{{{server}}}","{{{second}}}"]}}""", 201)).Json["ip_address"]!;
        await Call("PUT", $"/servers/{server}/ip_associations/{shared["id"].Str()}", null, 201);

        var vpc = (await Call("POST", $"/v1/{project}/vpcs", $$$"""{"vpc":{"name":"vpc-{{{octet}}}","cidr":"172.{{{octet}}}.0.0/16"}}""", 200))
            .Json["vpc"]!["id"].Str();
        var vpcSubnet = (await Call("POST", $"/v1/{project}/subnets",
            $$$"""{"subnet":{"name":"vsub-{{{octet}}}","cidr":"172.{{{octet}}}.1.0/24","gateway_ip":"172.{{{octet}}}.1.1","vpc_id":"{{{vpc}}}"}}""", 200))
            .Json["subnet"]!["id"].Str();
        var privateIp = (await Call("POST", $"/v1/{project}/privateips", $$$"""{"privateips":[{"subnet_id":"{{{vpcSubnet}}}"}]}""", 200))
            .Json["privateips"]![0]!;
        await Call("POST", $"/v2.0/{project}/vpcs/{vpc}/tags", """{"tag":{"key":"world","value":"tagged"}}""", 204);
        var keypair = $"world-key-{octet}-{Guid.NewGuid():N}"[..24];
        await Call("POST", "/os-keypairs", $$$"""{"keypair":{"name":"{{{keypair}}}"}}""", 200);

        // A router from the Neutron network's subnet to the default pool, and a security group with a rule of its own.
        var pool = CloudNet.Compute.FloatingIps.Pools.FloatingIpPool.NetworkIdOf("default");
        var router = (await Call("POST", "/v2.0/routers", $$$$"""{"router":{"name":"router-{{{{octet}}}}","external_gateway_info":{"network_id":"{{{{pool}}}}"}}}""", 201))
            .Json["router"]!["id"].Str();
        await Call("PUT", $"/v2.0/routers/{router}/add_router_interface", $$$"""{"subnet_id":"{{{neutronSubnet}}}"}""", 200);
        var group = (await Call("POST", "/v2.0/security-groups", $$$"""{"security_group":{"name":"group-{{{octet}}}"}}""", 201)).Json["security_group"]!["id"].Str();
        var rule = (await Call("POST", "/v2.0/security-group-rules",
            $$$"""{"security_group_rule":{"security_group_id":"{{{group}}}","direction":"ingress","protocol":"tcp","port_range_min":22,"port_range_max":22}}""", 201))
            .Json["security_group_rule"]!["id"].Str();

        return new TenantWorld
        {
            Account = account, Token = token, ServerId = server, SecondServerId = second, IsolatedNetworkId = isolated, NeutronNetworkId = neutron,
            NeutronSubnetId = neutronSubnet, VifId = vif, PortId = port, FloatingIpId = floating["id"].Str(),
            FloatingIpAddress = floating["ip"].Str(), SharedIpId = shared["id"].Str(), SharedIpAddress = shared["address"].Str(),
            VpcId = vpc, VpcSubnetId = vpcSubnet, PrivateIpId = privateIp["id"].Str(), PrivateIpAddress = privateIp["ip_address"].Str(),
            RequestId = requestId, KeypairName = keypair, RouterId = router, SecurityGroupId = group, SecurityGroupRuleId = rule,
        };
    }

    /// <summary>What the owner sees of every one of its resources: the reads that must not change when others misbehave.</summary>
    public async Task<string> OwnersViewAsync(IAlbaHost host)
    {
        var p = Account.TenantId;
        var reads = new[]
        {
            $"/servers/{ServerId}", $"/servers/{ServerId}/os-virtual-interfacesv2", $"/servers/{ServerId}/ip_associations",
            $"/os-floating-ips/{FloatingIpId}", $"/os-networksv2/{IsolatedNetworkId}", $"/v2.0/networks/{NeutronNetworkId}",
            $"/v2.0/subnets/{NeutronSubnetId}", $"/v2.0/ip_addresses/{SharedIpId}", $"/v2.0/ports/{PortId}", $"/v1/{p}/vpcs/{VpcId}",
            $"/v1/{p}/subnets/{VpcSubnetId}", $"/v1/{p}/privateips/{PrivateIpId}", $"/os-keypairs/{KeypairName}", $"/os-quota-sets/{p}",
            $"/v2.0/routers/{RouterId}", $"/v2.0/security-groups/{SecurityGroupId}", $"/v2.0/security-group-rules/{SecurityGroupRuleId}",
            $"/v1/{p}/publicips/{FloatingIpId}", $"/v1/{p}/ports/{PortId}", $"/v2.0/{p}/vpcs/{VpcId}/tags", $"/v2.0/{p}/subnets/{VpcSubnetId}/tags",
            $"/v1/{p}/quotas", $"/v1/{p}/security-groups/{SecurityGroupId}", $"/v2.0/{p}/security-groups/{SecurityGroupId}/tags",
        };
        var views = new List<string>();
        foreach (var read in reads)
        {
            var reply = await host.SendRawAsync(new RawRequest("GET", read).WithHeader("X-Auth-Token", Token));
            reply.Status.ShouldBe(200, $"GET {read}: {reply}");
            views.Add($"{read} {reply.Body}");
        }
        return string.Join('\n', views);
    }
}
