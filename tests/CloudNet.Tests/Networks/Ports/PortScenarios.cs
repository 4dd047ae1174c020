using System.Text.Json.Nodes;
using Alba;
using CloudNet.Tests.Support;

namespace CloudNet.Tests.Networks.Ports;

/// <summary>"Given" steps of Neutron's ports (<c>/v2.0/ports</c>), through the public HTTP API only.</summary>
public static class PortScenarios
{
    public static Task<IScenarioResult> PostPort(this IAlbaHost host, TestAccount account, object port) =>
        host.As(account, x => x.Post.Json(new { port }).ToUrl("/v2.0/ports"));

    public static async Task<JsonNode> CreatePort(this IAlbaHost host, TestAccount account, object port)
    {
        var result = await host.PostPort(account, port);
        result.Status().ShouldBe(201, await result.ReadAsTextAsync());
        return (await result.Json())["port"]!;
    }

    public static Task<IScenarioResult> PutPort(this IAlbaHost host, TestAccount account, string portId, object port) =>
        host.As(account, x => x.Put.Json(new { port }).ToUrl($"/v2.0/ports/{portId}"));

    public static async Task<JsonNode> UpdatePort(this IAlbaHost host, TestAccount account, string portId, object port)
    {
        var result = await host.PutPort(account, portId, port);
        result.Status().ShouldBe(200, await result.ReadAsTextAsync());
        return (await result.Json())["port"]!;
    }

    public static async Task<JsonNode> ShowPort(this IAlbaHost host, TestAccount account, string portId)
    {
        var result = await host.As(account, x => x.Get.Url($"/v2.0/ports/{portId}"));
        result.Status().ShouldBe(200, await result.ReadAsTextAsync());
        return (await result.Json())["port"]!;
    }

    public static async Task<JsonArray> ListPorts(this IAlbaHost host, TestAccount account, string query = "")
    {
        var result = await host.As(account, x => x.Get.Url($"/v2.0/ports{query}"));
        result.Status().ShouldBe(200, await result.ReadAsTextAsync());
        return (await result.Json())["ports"]!.AsArray();
    }

    public static Task<IScenarioResult> DeletePort(this IAlbaHost host, TestAccount account, string portId) =>
        host.As(account, x => x.Delete.Url($"/v2.0/ports/{portId}"));

    public static List<string> Addresses(this JsonNode port) => port["fixed_ips"]!.AsArray().Select(f => f!["ip_address"].Str()).ToList();
}
