using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CloudNet.Tests.Identity;
using CloudNet.Tests.Support;

namespace CloudNet.Tests.Admin.Recordings;

/// <summary>A tenant made on a service over real HTTP, with every credential <c>POST /_cloudnet/tenants</c> returned.</summary>
public sealed record RecordedTenant(string TenantId, string User, string Password, string ApiKey, string AccessKey, string SecretKey, string Json)
{
    public string BasicHeader => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}"));
}

/// <summary>
/// What the recording tests send: admin calls, and a walk through the families as one tenant, each request authenticated as
/// clients do (a Keystone token, HTTP Basic, a Huawei AK/SK signature), over a real connection to a service.
/// </summary>
public static class RecordingWalk
{
    public static async Task<HttpResponseMessage> Admin(this HttpClient client, HttpMethod method, string path, object? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = AuthenticationHeaderValue.Parse(TestAccount.Admin.BasicHeader);
        if (body is not null) request.Content = new StringContent(System.Text.Json.JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        return await client.SendAsync(request);
    }

    public static async Task<RecordedTenant> NewTenant(this HttpClient client, string? seed = null)
    {
        using var answer = await client.Admin(HttpMethod.Post, "/_cloudnet/tenants", seed is null ? new { name = "recorded" } : new { name = "recorded", seed });
        var text = await answer.Content.ReadAsStringAsync();
        ((int)answer.StatusCode).ShouldBe(201, text);
        var credentials = JsonNode.Parse(text)!["credentials"]!;
        return new RecordedTenant(credentials["project_id"].Str(), credentials["user"].Str(), credentials["password"].Str(), credentials["api_key"].Str(),
            credentials["access_key"].Str(), credentials["secret_key"].Str(), text);
    }

    public static async Task<JsonNode> StartRecording(this HttpClient client, string tenantId)
    {
        using var answer = await client.Admin(HttpMethod.Post, $"/_cloudnet/tenants/{tenantId}/recording");
        var text = await answer.Content.ReadAsStringAsync();
        ((int)answer.StatusCode).ShouldBe(201, text);
        return JsonNode.Parse(text)!["recording"]!;
    }

    public static async Task<JsonNode> StopRecording(this HttpClient client, string tenantId)
    {
        using var answer = await client.Admin(HttpMethod.Delete, $"/_cloudnet/tenants/{tenantId}/recording");
        var text = await answer.Content.ReadAsStringAsync();
        ((int)answer.StatusCode).ShouldBe(200, text);
        return JsonNode.Parse(text)!["recording"]!;
    }

    public static async Task<string> Har(this HttpClient client, string tenantId)
    {
        using var answer = await client.Admin(HttpMethod.Get, $"/_cloudnet/tenants/{tenantId}/recording.har");
        var text = await answer.Content.ReadAsStringAsync();
        ((int)answer.StatusCode).ShouldBe(200, text);
        return text;
    }

    /// <summary>
    /// Keystone, nova's floating IPs with Basic and with a token, Neutron networks, subnets and ports (created, read, renamed,
    /// a missing one, deleted), Huawei VPCs over AK/SK. Returns how many requests it sent.
    /// </summary>
    public static async Task<int> Walk(this HttpClient client, RecordedTenant tenant, bool withFloatingIps = true)
    {
        var sent = 0;
        async Task<JsonNode?> Send(HttpMethod method, string path, string? body, int status, Action<HttpRequestMessage> authenticate)
        {
            var request = new HttpRequestMessage(method, path);
            if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            authenticate(request);
            using var answer = await client.SendAsync(request);
            var text = await answer.Content.ReadAsStringAsync();
            sent++;
            ((int)answer.StatusCode).ShouldBe(status, $"{method} {path}: {text}");
            return text.Length > 0 ? JsonNode.Parse(text) : null;
        }

        var issued = await Send(HttpMethod.Post, "/v2.0/tokens",
            Json(new { auth = new { passwordCredentials = new { username = tenant.User, password = tenant.Password }, tenantId = tenant.TenantId } }),
            200, _ => { });
        var token = issued!["access"]!["token"]!["id"].Str();
        void Token(HttpRequestMessage r) => r.Headers.Add("X-Auth-Token", token);

        if (withFloatingIps)
        {
            await Send(HttpMethod.Post, "/os-floating-ips", null, 202, r => r.Headers.Authorization = AuthenticationHeaderValue.Parse(tenant.BasicHeader));
            await Send(HttpMethod.Get, "/os-floating-ips", null, 200, Token);
        }
        var network = await Send(HttpMethod.Post, "/v2.0/networks", """{"network":{"name":"replayed"}}""", 201, Token);
        var networkId = network!["network"]!["id"].Str();
        await Send(HttpMethod.Post, "/v2.0/subnets", Json(new { subnet = new { network_id = networkId, cidr = "10.9.0.0/24", ip_version = 4 } }), 201, Token);
        var port = await Send(HttpMethod.Post, "/v2.0/ports", Json(new { port = new { network_id = networkId, name = "first" } }), 201, Token);
        var portId = port!["port"]!["id"].Str();
        await Send(HttpMethod.Get, $"/v2.0/ports/{portId}", null, 200, Token);
        await Send(HttpMethod.Put, $"/v2.0/ports/{portId}", """{"port":{"name":"renamed"}}""", 200, Token);
        await Send(HttpMethod.Get, $"/v2.0/ports/{Guid.NewGuid()}", null, 404, Token);

        var vpc = await Send(HttpMethod.Post, $"/v1/{tenant.TenantId}/vpcs", """{"vpc":{"name":"replayed-vpc","cidr":"192.168.0.0/16"}}""", 200,
            r => Sign(r, tenant, client.BaseAddress!, """{"vpc":{"name":"replayed-vpc","cidr":"192.168.0.0/16"}}"""));
        var vpcId = vpc!["vpc"]!["id"].Str();
        await Send(HttpMethod.Get, $"/v1/{tenant.TenantId}/vpcs/{vpcId}", null, 200, r => Sign(r, tenant, client.BaseAddress!, ""));
        await Send(HttpMethod.Delete, $"/v2.0/ports/{portId}", null, 204, Token);
        return sent;
    }

    static string Json(object body) => System.Text.Json.JsonSerializer.Serialize(body);

    static void Sign(HttpRequestMessage request, RecordedTenant tenant, Uri service, string body)
    {
        var date = HuaweiSdkSigner.DateOf(DateTimeOffset.UtcNow);
        var headers = new Dictionary<string, string> { ["host"] = service.Authority, ["X-Sdk-Date"] = date };
        if (body.Length > 0) headers["Content-Type"] = "application/json; charset=utf-8";
        request.Headers.Add("X-Sdk-Date", date);
        request.Headers.TryAddWithoutValidation("Authorization",
            new HuaweiSdkSigner(tenant.AccessKey, tenant.SecretKey).Sign(request.Method.Method, request.RequestUri!.OriginalString, [], headers, body));
    }
}
