using System.Text.Json.Nodes;
using Alba;
using CloudNet.Tests.Support;

namespace CloudNet.Tests.Networks.SharedIps;

/// <summary>"Given" steps of Cloud Networks' shared IPs (<c>/v2.0/ip_addresses</c>) and the servers' IP associations
/// (<c>/servers/{id}/ip_associations</c>), through the public HTTP API only.</summary>
public static class SharedIpScenarios
{
    public sealed record Setup(string NetworkId, string ServerA, string ServerB);

    /// <summary>An isolated network (<c>POST /os-networksv2</c>) with servers A and B on it.</summary>
    public static async Task<Setup> TwoServersOnIsolatedNetwork(this IAlbaHost host, TestAccount account, string cidr, string label = "shared")
    {
        var network = (await host.CreateIsolatedNetwork(account, label, cidr))["id"].Str();
        var a = (await host.CreateServer(account, $"{label}-a", new[] { new { uuid = network } }))["id"].Str();
        var b = (await host.CreateServer(account, $"{label}-b", new[] { new { uuid = network } }))["id"].Str();
        return new(network, a, b);
    }

    public static Task<NetworkScenarios.RawReply> Provision(this IAlbaHost host, TestAccount account, string body) =>
        host.SendRaw(account, "POST", "/v2.0/ip_addresses", body);

    public static Task<IScenarioResult> PostIpAddress(this IAlbaHost host, TestAccount account, object ipAddress) =>
        host.As(account, x => x.Post.Json(new { ip_address = ipAddress }).ToUrl("/v2.0/ip_addresses"));

    /// <summary>Provisions a shared IP for the devices (which must answer 201); returns the <c>ip_address</c> object.</summary>
    public static async Task<JsonNode> ProvisionFor(this IAlbaHost host, TestAccount account, string networkId, params string[] deviceIds)
    {
        var result = await host.PostIpAddress(account, new { network_id = networkId, version = 4, device_ids = deviceIds });
        result.Status().ShouldBe(201, await result.ReadAsTextAsync());
        return (await result.Json())["ip_address"]!;
    }

    public static Task<IScenarioResult> ShowIp(this IAlbaHost host, TestAccount account, string ipId) =>
        host.As(account, x => x.Get.Url($"/v2.0/ip_addresses/{ipId}"));

    public static Task<IScenarioResult> DeallocateIp(this IAlbaHost host, TestAccount account, string ipId) =>
        host.As(account, x => x.Delete.Url($"/v2.0/ip_addresses/{ipId}"));

    public static async Task<JsonArray> ListIps(this IAlbaHost host, TestAccount account, string query = "")
    {
        var result = await host.As(account, x => x.Get.Url($"/v2.0/ip_addresses{query}"));
        result.Status().ShouldBe(200, await result.ReadAsTextAsync());
        return (await result.Json())["ip_addresses"]!.AsArray();
    }

    public static string Association(string serverId, string ipId, string prefix = "") => $"{prefix}/servers/{serverId}/ip_associations/{ipId}";

    /// <summary><c>PUT /v2/servers/{id}/ip_associations/{ip}</c>, as seed 001 writes it.</summary>
    public static Task<IScenarioResult> Associate(this IAlbaHost host, TestAccount account, string serverId, string ipId) =>
        host.As(account, x => x.Put.Url(Association(serverId, ipId, "/v2")));

    public static Task<IScenarioResult> Disassociate(this IAlbaHost host, TestAccount account, string serverId, string ipId) =>
        host.As(account, x => x.Delete.Url(Association(serverId, ipId)));

    public static async Task<JsonArray> ListAssociations(this IAlbaHost host, TestAccount account, string serverId)
    {
        var result = await host.As(account, x => x.Get.Url($"/servers/{serverId}/ip_associations"));
        result.Status().ShouldBe(200, await result.ReadAsTextAsync());
        return (await result.Json())["ip_associations"]!.AsArray();
    }

    /// <summary>The server's port ids (its virtual interfaces' ids).</summary>
    public static async Task<List<string>> PortIds(this IAlbaHost host, TestAccount account, string serverId)
    {
        var result = await host.As(account, x => x.Get.Url($"/servers/{serverId}/os-virtual-interfacesv2"));
        result.Status().ShouldBe(200, await result.ReadAsTextAsync());
        return (await result.Json())["virtual_interfaces"]!.AsArray().Ids();
    }

    /// <summary>Asserts exactly <c>{"ip_association":{"id":ipId,"address":address}}</c>.</summary>
    public static async Task ShouldBeAssociation(this IScenarioResult result, int status, string ipId, string address)
    {
        var text = await result.ReadAsTextAsync();
        result.Status().ShouldBe(status, text);
        var body = JsonNode.Parse(text)!;
        body.Keys().ShouldBe(["ip_association"], text);
        body["ip_association"]!.Keys().Order().ShouldBe(["address", "id"]);
        body["ip_association"]!["id"].Str().ShouldBe(ipId, text);
        body["ip_association"]!["address"].Str().ShouldBe(address, text);
    }
}
