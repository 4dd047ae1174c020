using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Alba;
using CloudNet.Tests.Support;

namespace CloudNet.Tests.Vpc;

/// <summary>A reply read straight off the host's <c>HttpClient</c>: the bytes exactly as a Huawei SDK would see them.</summary>
public sealed record VpcReply(int Status, string Body, string? ContentType, string? RequestId)
{
    public JsonNode Json => JsonNode.Parse(Body) ?? throw new InvalidOperationException("empty body");

    public override string ToString() => $"{Status} {(Body.Length > 400 ? Body[..400] : Body)}";
}

/// <summary>"Given" steps and assertions of the Huawei VPC family (<c>/v1/{project_id}/…</c>), through the public HTTP API only.</summary>
public static class VpcScenarios
{
    public const string PrivateIpKeys = "device_owner,id,ip_address,status,subnet_id,tenant_id";

    /// <summary>A tenant network with one subnet of <paramref name="cidr"/> (gateway: its first address), made through
    /// <c>/os-networksv2</c>. Its id is the VPC <c>subnet_id</c>.</summary>
    public static async Task<string> CreateVpcSubnet(this IAlbaHost host, TestAccount account, string cidr, string label = "vpc")
    {
        var result = await host.As(account, x => x.Post.Json(new { network = new { label, cidr } }).ToUrl("/os-networksv2"));
        result.Status().ShouldBe(200, await result.ReadAsTextAsync());
        return (await result.Json())["network"]!["id"].Str();
    }

    /// <summary>Sends one request as <paramref name="account"/> with its token; the body is sent byte for byte.</summary>
    public static async Task<VpcReply> Send(this IAlbaHost host, TestAccount account, HttpMethod method, string url, string? body = null,
        string contentType = "application/json")
    {
        using var client = host.Server.CreateClient();
        using var request = new HttpRequestMessage(method, url);
        request.Headers.Add("X-Auth-Token", await host.TokenFor(account));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }
        using var response = await client.SendAsync(request);
        var requestId = response.Headers.TryGetValues("X-Request-Id", out var ids) ? string.Join(",", ids) : null;
        return new VpcReply((int)response.StatusCode, await response.Content.ReadAsStringAsync(),
            response.Content.Headers.ContentType?.MediaType, requestId);
    }

    public static string Project(TestAccount account) => account.TenantId;

    public static string Body(params (string SubnetId, string? IpAddress)[] items) =>
        new JsonObject
        {
            ["privateips"] = new JsonArray(items.Select(i => (JsonNode)(i.IpAddress is null
                ? new JsonObject { ["subnet_id"] = i.SubnetId }
                : new JsonObject { ["subnet_id"] = i.SubnetId, ["ip_address"] = i.IpAddress })).ToArray()),
        }.ToJsonString();

    /// <summary><c>POST /v1/{project}/privateips</c> with the given items (an <c>ip_address</c> of null is left out).</summary>
    public static Task<VpcReply> AssignPrivateIps(this IAlbaHost host, TestAccount account, params (string SubnetId, string? IpAddress)[] items) =>
        host.Send(account, HttpMethod.Post, $"/v1/{account.TenantId}/privateips", Body(items));

    /// <summary>Assigns and expects 200: the <c>privateips</c> array, in request order.</summary>
    public static async Task<JsonArray> AssignOk(this IAlbaHost host, TestAccount account, params (string SubnetId, string? IpAddress)[] items)
    {
        var reply = await host.AssignPrivateIps(account, items);
        reply.Status.ShouldBe(200, reply.ToString());
        return reply.Json["privateips"]!.AsArray();
    }

    public static async Task<JsonNode> AssignOne(this IAlbaHost host, TestAccount account, string subnetId, string? address = null) =>
        (await host.AssignOk(account, (subnetId, address)))[0]!;

    public static Task<VpcReply> ShowPrivateIp(this IAlbaHost host, TestAccount account, string id) =>
        host.Send(account, HttpMethod.Get, $"/v1/{account.TenantId}/privateips/{id}");

    public static Task<VpcReply> DeletePrivateIp(this IAlbaHost host, TestAccount account, string id) =>
        host.Send(account, HttpMethod.Delete, $"/v1/{account.TenantId}/privateips/{id}");

    public static Task<VpcReply> ListPrivateIps(this IAlbaHost host, TestAccount account, string subnetId, string query = "") =>
        host.Send(account, HttpMethod.Get, $"/v1/{account.TenantId}/subnets/{subnetId}/privateips{query}");

    /// <summary>The list, expecting 200.</summary>
    public static async Task<JsonArray> ListOk(this IAlbaHost host, TestAccount account, string subnetId, string query = "")
    {
        var reply = await host.ListPrivateIps(account, subnetId, query);
        reply.Status.ShouldBe(200, reply.ToString());
        reply.Json.AsObject().Select(p => p.Key).ShouldBe(["privateips"], reply.Body);
        return reply.Json["privateips"]!.AsArray();
    }

    public static List<string> Ids(this JsonArray items) => items.Select(i => i!["id"].Str()).ToList();

    public static List<string> Addresses(this JsonArray items) => items.Select(i => i!["ip_address"].Str()).ToList();

    /// <summary>A private IP object with exactly seed 002's keys, unbound, of this tenant and subnet.</summary>
    public static void ShouldBeUnboundPrivateIp(this JsonNode ip, TestAccount account, string subnetId, string? address = null)
    {
        var text = ip.ToJsonString();
        string.Join(",", ip.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal)).ShouldBe(PrivateIpKeys, text);
        ip.AsObject().ShouldAllBe(p => p.Value != null && p.Value.GetValueKind() == System.Text.Json.JsonValueKind.String, text);
        ip["status"].Str().ShouldBe("DOWN", text);
        Guid.TryParse(ip["id"].Str(), out _).ShouldBeTrue(text);
        ip["subnet_id"].Str().ShouldBe(subnetId, text);
        ip["tenant_id"].Str().ShouldBe(account.TenantId, text);
        ip["device_owner"].Str().ShouldBe("", text);
        if (address is not null) ip["ip_address"].Str().ShouldBe(address, text);
    }

    /// <summary>
    /// A Huawei VPC error: the status, <c>Content-Type: application/json</c>, an <c>X-Request-Id</c>, and a body that is
    /// exactly <c>{"code","message","error_code","error_msg"}</c> with code == error_code and message == error_msg.
    /// Returns the message.
    /// </summary>
    public static string ShouldBeHuaweiError(this VpcReply reply, int status, string code)
    {
        reply.Status.ShouldBe(status, reply.ToString());
        reply.ContentType.ShouldBe("application/json", reply.ToString());
        reply.RequestId.ShouldNotBeNullOrWhiteSpace("VPC errors carry X-Request-Id");
        var body = JsonNode.Parse(reply.Body).ShouldNotBeNull(reply.ToString()).AsObject();
        string.Join(",", body.Select(p => p.Key).Order(StringComparer.Ordinal)).ShouldBe("code,error_code,error_msg,message", reply.Body);
        body["code"].Str().ShouldBe(code, reply.Body);
        body["error_code"].Str().ShouldBe(code, reply.Body);
        var message = body["message"].Str();
        message.ShouldNotBeNullOrWhiteSpace(reply.Body);
        body["error_msg"].Str().ShouldBe(message, reply.Body);
        reply.Body.Contains("   at ").ShouldBeFalse("no stack trace");
        return message;
    }
}
