using System.Text.Json.Nodes;
using Alba;
using CloudNet.Tests.Networks.FloatingIps;
using CloudNet.Tests.Support;

namespace CloudNet.Tests.Networks.Routers;

/// <summary>"Given" steps of Neutron's routers (<c>/v2.0/routers</c>), through the public HTTP API only.</summary>
public static class RouterScenarios
{
    public static Task<IScenarioResult> PostRouter(this IAlbaHost host, TestAccount account, object router) =>
        host.As(account, x => x.Post.Json(new { router }).ToUrl("/v2.0/routers"));

    public static async Task<JsonNode> CreateRouter(this IAlbaHost host, TestAccount account, object router)
    {
        var result = await host.PostRouter(account, router);
        result.Status().ShouldBe(201, await result.ReadAsTextAsync());
        return (await result.Json())["router"]!;
    }

    /// <summary>A router with its gateway on the default pool.</summary>
    public static Task<JsonNode> CreateRouterWithGateway(this IAlbaHost host, TestAccount account, string name = "r") =>
        host.CreateRouter(account, new { name, external_gateway_info = new { network_id = FloatingIpScenarios.DefaultNetwork } });

    public static Task<IScenarioResult> PutRouter(this IAlbaHost host, TestAccount account, string routerId, object router) =>
        host.As(account, x => x.Put.Json(new { router }).ToUrl($"/v2.0/routers/{routerId}"));

    public static async Task<JsonNode> UpdateRouter(this IAlbaHost host, TestAccount account, string routerId, object router)
    {
        var result = await host.PutRouter(account, routerId, router);
        result.Status().ShouldBe(200, await result.ReadAsTextAsync());
        return (await result.Json())["router"]!;
    }

    public static async Task<JsonNode> ShowRouter(this IAlbaHost host, TestAccount account, string routerId)
    {
        var result = await host.As(account, x => x.Get.Url($"/v2.0/routers/{routerId}"));
        result.Status().ShouldBe(200, await result.ReadAsTextAsync());
        return (await result.Json())["router"]!;
    }

    public static Task<IScenarioResult> AddInterface(this IAlbaHost host, TestAccount account, string routerId, object body) =>
        host.As(account, x => x.Put.Json(body).ToUrl($"/v2.0/routers/{routerId}/add_router_interface"));

    public static Task<IScenarioResult> RemoveInterface(this IAlbaHost host, TestAccount account, string routerId, object body) =>
        host.As(account, x => x.Put.Json(body).ToUrl($"/v2.0/routers/{routerId}/remove_router_interface"));

    /// <summary>Plugs the subnet into the router (200 expected); returns the interface body.</summary>
    public static async Task<JsonNode> PlugSubnet(this IAlbaHost host, TestAccount account, string routerId, string subnetId)
    {
        var result = await host.AddInterface(account, routerId, new { subnet_id = subnetId });
        result.Status().ShouldBe(200, await result.ReadAsTextAsync());
        return await result.Json();
    }

    public static Task<IScenarioResult> DeleteRouter(this IAlbaHost host, TestAccount account, string routerId) =>
        host.As(account, x => x.Delete.Url($"/v2.0/routers/{routerId}"));

    /// <summary>What a configuration that gives a tenant network floating IPs makes: a network with a subnet, and a router with a
    /// gateway on the default pool and an interface on the subnet. Returns the network, subnet and router ids.</summary>
    public static async Task<(string NetworkId, string SubnetId, string RouterId)> RoutedNetwork(this IAlbaHost host, TestAccount account,
        string name, string cidr)
    {
        var (networkId, subnetId) = await host.CreateNetworkWithSubnet(account, name, cidr);
        var router = await host.CreateRouterWithGateway(account, name + "-router");
        await host.PlugSubnet(account, router["id"].Str(), subnetId);
        return (networkId, subnetId, router["id"].Str());
    }

    /// <summary>A router from the network's (first) subnet to the default pool, as a configuration that gives the network's ports
    /// floating IPs makes one. Returns the router's id.</summary>
    public static async Task<string> RouteToDefaultPool(this IAlbaHost host, TestAccount account, string networkId)
    {
        var subnet = (await host.ListSubnets(account, $"?network_id={networkId}")).First()!["id"].Str();
        var router = await host.CreateRouterWithGateway(account, "to-the-pool");
        await host.PlugSubnet(account, router["id"].Str(), subnet);
        return router["id"].Str();
    }
}
