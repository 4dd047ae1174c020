using System.Text.Json.Nodes;
using Alba;
using CloudNet.Tests.Support;

namespace CloudNet.Tests.Networks;

/// <summary>"Given" steps and assertions of the networks family (<c>/v2.0/networks</c>, <c>/v2.0/subnets</c>,
/// <c>/os-networksv2</c>), through the public HTTP API only.</summary>
public static class NetworkScenarios
{
    public static async Task<JsonNode> CreateNetwork(this IAlbaHost host, TestAccount account, string name)
    {
        var result = await host.As(account, x => x.Post.Json(new { network = new { name } }).ToUrl("/v2.0/networks"));
        result.Status().ShouldBe(201, await result.ReadAsTextAsync());
        return (await result.Json())["network"]!;
    }

    public static Task<IScenarioResult> PostSubnet(this IAlbaHost host, TestAccount account, object subnet) =>
        host.As(account, x => x.Post.Json(new { subnet }).ToUrl("/v2.0/subnets"));

    public static async Task<JsonNode> CreateSubnet(this IAlbaHost host, TestAccount account, string networkId, string cidr,
        int ipVersion = 4, string? name = null)
    {
        var result = await host.PostSubnet(account, new { network_id = networkId, cidr, ip_version = ipVersion, name });
        result.Status().ShouldBe(201, await result.ReadAsTextAsync());
        return (await result.Json())["subnet"]!;
    }

    /// <summary>A tenant network with one subnet, made through <c>/v2.0</c>. Returns the network and subnet ids.</summary>
    public static async Task<(string NetworkId, string SubnetId)> CreateNetworkWithSubnet(this IAlbaHost host, TestAccount account,
        string name, string cidr)
    {
        var network = await host.CreateNetwork(account, name);
        var subnet = await host.CreateSubnet(account, network["id"].Str(), cidr);
        return (network["id"].Str(), subnet["id"].Str());
    }

    public static async Task<JsonNode> CreateIsolatedNetwork(this IAlbaHost host, TestAccount account, string label, string cidr,
        string prefix = "")
    {
        var result = await host.As(account, x => x.Post.Json(new { network = new { label, cidr } }).ToUrl($"{prefix}/os-networksv2"));
        result.Status().ShouldBe(200, await result.ReadAsTextAsync());
        return (await result.Json())["network"]!;
    }

    public static async Task<JsonArray> ListNetworks(this IAlbaHost host, TestAccount account, string query = "")
    {
        var result = await host.As(account, x => x.Get.Url($"/v2.0/networks{query}"));
        result.Status().ShouldBe(200, await result.ReadAsTextAsync());
        return (await result.Json())["networks"]!.AsArray();
    }

    public static async Task<JsonArray> ListSubnets(this IAlbaHost host, TestAccount account, string query = "")
    {
        var result = await host.As(account, x => x.Get.Url($"/v2.0/subnets{query}"));
        result.Status().ShouldBe(200, await result.ReadAsTextAsync());
        return (await result.Json())["subnets"]!.AsArray();
    }

    public sealed record RawReply(int Status, string Body, string? ContentType, string? RequestId);

    /// <summary>A request exactly as written (body bytes and content type), through the host's <c>HttpClient</c>;
    /// no token when <paramref name="account"/> is null.</summary>
    public static async Task<RawReply> SendRaw(this IAlbaHost host, TestAccount? account, string method, string url, string? body = null,
        string? contentType = "application/json")
    {
        using var client = host.Server.CreateClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (account is not null) request.Headers.Add("X-Auth-Token", await host.TokenFor(account));
        if (body is not null)
        {
            request.Content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(body));
            if (contentType is not null) request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        }
        using var response = await client.SendAsync(request);
        var requestId = response.Headers.TryGetValues("X-Openstack-Request-Id", out var ids) ? ids.Single() : null;
        return new((int)response.StatusCode, await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType?.MediaType, requestId);
    }

    public static string ShouldBeNeutronError(this RawReply reply, int status, params string[] types)
    {
        var shown = reply.Body.Length > 300 ? reply.Body[..300] : reply.Body;
        reply.Status.ShouldBe(status, shown);
        reply.ContentType.ShouldBe("application/json", shown);
        reply.RequestId.ShouldNotBeNullOrWhiteSpace("Neutron errors carry X-Openstack-Request-Id");
        return ShouldBeNeutronBody(reply.Body, types);
    }

    public static List<string> Ids(this JsonArray items) => items.Select(i => i!["id"].Str()).ToList();

    public static List<string> Keys(this JsonNode node) => node.AsObject().Select(p => p.Key).ToList();

    /// <summary>
    /// Asserts an error in Neutron's format: the status, <c>Content-Type: application/json</c>, a request id, and a body
    /// that is exactly <c>{"NeutronError":{"type":…,"message":"…","detail":""}}</c> with one of the given types
    /// (any type when none is given). Returns the message.
    /// </summary>
    public static async Task<string> ShouldBeNeutronError(this IScenarioResult result, int status, params string[] types)
    {
        var text = await result.ReadAsTextAsync();
        result.Status().ShouldBe(status, text);
        result.Context.Response.ContentType.ShouldNotBeNull().ShouldStartWith("application/json");
        result.Header("X-Openstack-Request-Id").ShouldNotBeNullOrWhiteSpace("Neutron errors carry X-Openstack-Request-Id");
        return ShouldBeNeutronBody(text, types);
    }

    public static string ShouldBeNeutronBody(string text, params string[] types)
    {
        var body = JsonNode.Parse(text).ShouldNotBeNull().AsObject();
        body.Select(p => p.Key).ShouldBe(["NeutronError"], text);
        var error = body["NeutronError"]!.AsObject();
        string.Join(",", error.Select(p => p.Key).Order()).ShouldBe("detail,message,type", text);
        error["detail"].Str().ShouldBe("", text);
        var type = error["type"].Str();
        type.ShouldNotBeNullOrWhiteSpace(text);
        if (types.Length > 0) types.ShouldContain(type, text);
        var message = error["message"].Str();
        message.ShouldNotBeNullOrWhiteSpace(text);
        text.ShouldNotContain("   at ", Case.Sensitive, "no stack trace");
        return message;
    }
}
