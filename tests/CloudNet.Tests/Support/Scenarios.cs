using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Alba;

namespace CloudNet.Tests.Support;

/// <summary>"Given" steps, through the public HTTP API only, as a client would take them.</summary>
public static class Scenarios
{
    static readonly ConcurrentDictionary<(IAlbaHost, string), string> Tokens = new();

    public static async Task<string> TokenFor(this IAlbaHost host, TestAccount account)
    {
        if (Tokens.TryGetValue((host, account.User), out var cached)) return cached;
        var result = await host.Scenario(x =>
        {
            x.Post.Json(new { auth = new { passwordCredentials = new { username = account.User, password = account.Password } } })
                .ToUrl("/v2.0/tokens");
            x.StatusCodeShouldBe(200);
        });
        var token = (await result.Json())["access"]!["token"]!["id"]!.GetValue<string>();
        return Tokens[(host, account.User)] = token;
    }

    /// <summary>Sends a request as <paramref name="account"/> with its token; the caller checks the status.</summary>
    public static async Task<IScenarioResult> As(this IAlbaHost host, TestAccount account, Action<Scenario> configure)
    {
        var token = await host.TokenFor(account);
        return await host.Scenario(x =>
        {
            x.WithRequestHeader("X-Auth-Token", token);
            x.IgnoreStatusCode();
            configure(x);
        });
    }

    public static async Task<JsonNode> Json(this IScenarioResult result) =>
        JsonNode.Parse(await result.ReadAsTextAsync()) ?? throw new InvalidOperationException("empty body");

    public static int Status(this IScenarioResult result) => result.Context.Response.StatusCode;

    public static string? Header(this IScenarioResult result, string name) =>
        result.Context.Response.Headers.TryGetValue(name, out var value) ? value.ToString() : null;

    public static async Task<JsonNode> CreateServer(this IAlbaHost host, TestAccount account, string name = "web", object? networks = null)
    {
        var result = await host.As(account, x => x.Post.Json(new { server = new { name, imageRef = "img", flavorRef = "flv", networks } })
            .ToUrl("/servers"));
        result.Status().ShouldBe(202, await result.ReadAsTextAsync());
        var id = (await result.Json())["server"]!["id"]!.GetValue<string>();
        var show = await host.As(account, x => x.Get.Url($"/servers/{id}"));
        return (await show.Json())["server"]!;
    }

    public static async Task<JsonNode> AllocateFloatingIp(this IAlbaHost host, TestAccount account, string? pool = null)
    {
        var result = await host.As(account, x =>
        {
            if (pool is null) x.Post.Url("/os-floating-ips");
            else x.Post.Json(new { pool }).ToUrl("/os-floating-ips");
        });
        result.Status().ShouldBe(202, await result.ReadAsTextAsync());
        return (await result.Json())["floating_ip"]!;
    }

    public static Task<IScenarioResult> ServerAction(this IAlbaHost host, TestAccount account, string serverId, object action) =>
        host.As(account, x => x.Post.Json(action).ToUrl($"/servers/{serverId}/action"));

    public static string Str(this JsonNode? node) => node is null ? "<null>" : node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : node.ToJsonString();

    // ---- Compute: servers and floating IPs (appended for the compute suite) ----

    public const string PublicNet = "00000000-0000-0000-0000-000000000000";
    public const string ServiceNet = "11111111-1111-1111-1111-111111111111";

    /// <summary>The caller's view of a server (<c>GET /servers/{id}</c>, which must answer 200).</summary>
    public static async Task<JsonNode> ShowServer(this IAlbaHost host, TestAccount account, string serverId)
    {
        var result = await host.As(account, x => x.Get.Url($"/servers/{serverId}"));
        result.Status().ShouldBe(200, await result.ReadAsTextAsync());
        return (await result.Json())["server"]!;
    }

    /// <summary>The caller's floating IPs (<c>GET /os-floating-ips</c>, which must answer 200).</summary>
    public static async Task<JsonArray> ListFloatingIps(this IAlbaHost host, TestAccount account)
    {
        var result = await host.As(account, x => x.Get.Url("/os-floating-ips"));
        result.Status().ShouldBe(200, await result.ReadAsTextAsync());
        return (await result.Json())["floating_ips"]!.AsArray();
    }

    public static Task<IScenarioResult> ShowFloatingIp(this IAlbaHost host, TestAccount account, string idOrAddress) =>
        host.As(account, x => x.Get.Url($"/os-floating-ips/{idOrAddress}"));

    public static Task<IScenarioResult> ReleaseFloatingIp(this IAlbaHost host, TestAccount account, string idOrAddress) =>
        host.As(account, x => x.Delete.Url($"/os-floating-ips/{idOrAddress}"));

    public static Task<IScenarioResult> AddFloatingIp(this IAlbaHost host, TestAccount account, string serverId, string address,
        string? fixedAddress = null) =>
        host.ServerAction(account, serverId, fixedAddress is null
            ? new { addFloatingIp = new { address } }
            : new { addFloatingIp = new { address, fixed_address = fixedAddress } });

    public static Task<IScenarioResult> RemoveFloatingIp(this IAlbaHost host, TestAccount account, string serverId, string address) =>
        host.ServerAction(account, serverId, new { removeFloatingIp = new { address } });

    /// <summary>Every entry of a server's <c>addresses</c>, with the network label it is listed under.</summary>
    public static List<(string Label, string Addr, int Version, string Type)> AddressEntries(this JsonNode server) =>
        server["addresses"]!.AsObject()
            .SelectMany(network => network.Value!.AsArray().Select(entry => (
                network.Key,
                entry!["addr"].Str(),
                entry["version"]!.GetValue<int>(),
                entry["OS-EXT-IPS:type"].Str())))
            .ToList();

    /// <summary>
    /// Asserts a compute error in nova's format: the status, <c>Content-Type: application/json</c> and a body that is
    /// exactly <c>{"name":{"code":status,"message":"…"}}</c>. Returns the message.
    /// </summary>
    public static async Task<string> ShouldBeNovaFault(this IScenarioResult result, int status, string name)
    {
        var text = await result.ReadAsTextAsync();
        result.Status().ShouldBe(status, text);
        result.Context.Response.ContentType.ShouldNotBeNull().ShouldStartWith("application/json");
        var body = JsonNode.Parse(text).ShouldNotBeNull().AsObject();
        body.Select(p => p.Key).ShouldBe([name], text);
        var fault = body[name]!.AsObject();
        fault["code"]!.GetValue<int>().ShouldBe(status, text);
        var message = fault["message"].ShouldNotBeNull().GetValue<string>();
        message.ShouldNotBeNullOrWhiteSpace();
        return message;
    }
}
