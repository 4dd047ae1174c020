using System.Text.Json.Nodes;
using Alba;
using CloudNet.Compute.FloatingIps.Pools;
using CloudNet.Tests.Support;

namespace CloudNet.Tests.Networks.FloatingIps;

/// <summary>"Given" steps and assertions for Neutron's floating IPs (<c>/v2.0/floatingips</c>), through HTTP only.</summary>
public static class FloatingIpScenarios
{
    /// <summary>The default pool's external network: its id derives from the pool's name.</summary>
    public static readonly string DefaultNetwork = FloatingIpPool.NetworkIdOf("default").ToString();

    /// <summary>Every attribute of a floating IP body, in order.</summary>
    public static readonly string[] Fields =
    [
        "created_at", "description", "fixed_ip_address", "floating_ip_address", "floating_network_id", "id", "port_id", "project_id",
        "revision_number", "router_id", "status", "tags", "tenant_id", "updated_at",
    ];

    public static Task<IScenarioResult> PostFloatingIp(this IAlbaHost host, TestAccount account, object floatingip) =>
        host.As(account, x => x.Post.Json(new { floatingip }).ToUrl("/v2.0/floatingips"));

    /// <summary>Creates a floating IP (201 expected) and returns its body.</summary>
    public static async Task<JsonNode> CreateFloatingIp(this IAlbaHost host, TestAccount account, object? floatingip = null)
    {
        var result = await host.PostFloatingIp(account, floatingip ?? new { floating_network_id = DefaultNetwork });
        result.Status().ShouldBe(201, await result.ReadAsTextAsync());
        return (await result.Json())["floatingip"]!;
    }

    public static Task<IScenarioResult> PutFloatingIp(this IAlbaHost host, TestAccount account, string id, object floatingip) =>
        host.As(account, x => x.Put.Json(new { floatingip }).ToUrl($"/v2.0/floatingips/{id}"));

    /// <summary>Updates a floating IP (200 expected) and returns its body.</summary>
    public static async Task<JsonNode> UpdateFloatingIp(this IAlbaHost host, TestAccount account, string id, object floatingip)
    {
        var result = await host.PutFloatingIp(account, id, floatingip);
        result.Status().ShouldBe(200, await result.ReadAsTextAsync());
        return (await result.Json())["floatingip"]!;
    }

    public static Task<IScenarioResult> GetFloatingIp(this IAlbaHost host, TestAccount account, string id) =>
        host.As(account, x => x.Get.Url($"/v2.0/floatingips/{id}"));

    public static async Task<JsonNode> ShowNeutronFloatingIp(this IAlbaHost host, TestAccount account, string id)
    {
        var result = await host.GetFloatingIp(account, id);
        result.Status().ShouldBe(200, await result.ReadAsTextAsync());
        return (await result.Json())["floatingip"]!;
    }

    public static async Task<JsonArray> ListNeutronFloatingIps(this IAlbaHost host, TestAccount account, string query = "")
    {
        var result = await host.As(account, x => x.Get.Url($"/v2.0/floatingips{query}"));
        result.Status().ShouldBe(200, await result.ReadAsTextAsync());
        return (await result.Json())["floatingips"]!.AsArray();
    }

    public static Task<IScenarioResult> DeleteNeutronFloatingIp(this IAlbaHost host, TestAccount account, string id) =>
        host.As(account, x => x.Delete.Url($"/v2.0/floatingips/{id}"));

    /// <summary>A server (on PublicNet and ServiceNet, as by default) and its PublicNet port: its id and fixed IPv4.</summary>
    public static async Task<(string ServerId, string PortId, string FixedIp)> ServerWithPort(this IAlbaHost host, TestAccount account,
        string name, string network = Scenarios.PublicNet)
    {
        var serverId = (await host.CreateServer(account, name))["id"].Str();
        var port = await host.PortOn(account, serverId, network);
        return (serverId, port.PortId, port.FixedIp);
    }

    /// <summary>The server's port on a network, from <c>/v2.0/ports</c>: its id and its (only) fixed IPv4.</summary>
    public static async Task<(string PortId, string FixedIp)> PortOn(this IAlbaHost host, TestAccount account, string serverId, string network)
    {
        var result = await host.As(account, x => x.Get.Url($"/v2.0/ports?device_id={serverId}&network_id={network}"));
        result.Status().ShouldBe(200, await result.ReadAsTextAsync());
        var port = (await result.Json())["ports"]!.AsArray().Single()!;
        var ipv4 = port["fixed_ips"]!.AsArray().Select(f => f!["ip_address"].Str()).Single(a => !a.Contains(':'));
        return (port["id"].Str(), ipv4);
    }

    /// <summary>Neutron's timestamps: ISO 8601 in UTC to the second, <c>Z</c>.</summary>
    public static void ShouldBeNeutronTimestamp(this JsonNode? value) =>
        value.Str().ShouldMatch(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$");
}
