using System.Text.Json.Nodes;
using Alba;
using CloudNet.Tests.Support;

namespace CloudNet.Tests.Vpc;

/// <summary>"Given" steps for Huawei's VPCs, subnets, ports and EIPs, through the public HTTP API only.</summary>
public static class HuaweiResources
{
    public static async Task<string> NewVpc(this IAlbaHost host, TestAccount account, string cidr, string name = "vpc")
    {
        var reply = await host.Send(account, HttpMethod.Post, $"/v1/{account.TenantId}/vpcs",
            new JsonObject { ["vpc"] = new JsonObject { ["name"] = name, ["cidr"] = cidr } }.ToJsonString());
        reply.Status.ShouldBe(200, reply.ToString());
        return reply.Json["vpc"]!["id"].Str();
    }

    /// <summary>A subnet of the VPC (its gateway the first address of <paramref name="cidr"/>), with any more fields given; its id.</summary>
    public static async Task<JsonNode> NewHuaweiSubnet(this IAlbaHost host, TestAccount account, string vpcId, string cidr, string gateway,
        string name = "subnet", JsonObject? more = null)
    {
        var subnet = new JsonObject { ["name"] = name, ["cidr"] = cidr, ["gateway_ip"] = gateway, ["vpc_id"] = vpcId };
        foreach (var (key, value) in more ?? []) subnet[key] = value?.DeepClone();
        var reply = await host.Send(account, HttpMethod.Post, $"/v1/{account.TenantId}/subnets", new JsonObject { ["subnet"] = subnet }.ToJsonString());
        reply.Status.ShouldBe(200, reply.ToString());
        return reply.Json["subnet"]!;
    }

    /// <summary>A VPC with one subnet; the subnet's (network's) id.</summary>
    public static async Task<string> NewVpcWithSubnet(this IAlbaHost host, TestAccount account, int octet) =>
        (await host.NewHuaweiSubnet(account, await host.NewVpc(account, $"10.{octet}.0.0/16"), $"10.{octet}.1.0/24", $"10.{octet}.1.1"))["id"].Str();

    public static Task<VpcReply> CreateHuaweiPort(this IAlbaHost host, TestAccount account, JsonObject port) =>
        host.Send(account, HttpMethod.Post, $"/v1/{account.TenantId}/ports", new JsonObject { ["port"] = port }.ToJsonString());

    public static async Task<JsonNode> NewHuaweiPort(this IAlbaHost host, TestAccount account, string networkId, string? address = null,
        string deviceOwner = "")
    {
        var port = new JsonObject { ["network_id"] = networkId, ["name"] = "port", ["device_owner"] = deviceOwner };
        if (address is not null) port["fixed_ips"] = new JsonArray(new JsonObject { ["subnet_id"] = networkId, ["ip_address"] = address });
        var reply = await host.CreateHuaweiPort(account, port);
        reply.Status.ShouldBe(200, reply.ToString());
        return reply.Json["port"]!;
    }

    public static Task<VpcReply> UpdateHuaweiPort(this IAlbaHost host, TestAccount account, string portId, JsonObject port) =>
        host.Send(account, HttpMethod.Put, $"/v1/{account.TenantId}/ports/{portId}", new JsonObject { ["port"] = port }.ToJsonString());

    /// <summary>Sets the port's <c>allowed_address_pairs</c> to exactly these addresses.</summary>
    public static async Task<JsonNode> PairPort(this IAlbaHost host, TestAccount account, string portId, params string[] addresses)
    {
        var reply = await host.UpdateHuaweiPort(account, portId, new JsonObject
        {
            ["allowed_address_pairs"] = new JsonArray(addresses.Select(a => (JsonNode)new JsonObject { ["ip_address"] = a }).ToArray()),
        });
        reply.Status.ShouldBe(200, reply.ToString());
        return reply.Json["port"]!;
    }

    public static Task<VpcReply> ApplyEip(this IAlbaHost host, TestAccount account, string type = "5_bgp", int size = 5, string share = "PER",
        string? address = null)
    {
        var publicIp = new JsonObject { ["type"] = type, ["ip_version"] = 4 };
        if (address is not null) publicIp["ip_address"] = address;
        return host.Send(account, HttpMethod.Post, $"/v1/{account.TenantId}/publicips", new JsonObject
        {
            ["publicip"] = publicIp,
            ["bandwidth"] = new JsonObject { ["name"] = "bw-test", ["size"] = size, ["share_type"] = share },
        }.ToJsonString());
    }

    public static Task<VpcReply> UpdateEip(this IAlbaHost host, TestAccount account, string id, JsonObject publicIp) =>
        host.Send(account, HttpMethod.Put, $"/v1/{account.TenantId}/publicips/{id}", new JsonObject { ["publicip"] = publicIp }.ToJsonString());
}
