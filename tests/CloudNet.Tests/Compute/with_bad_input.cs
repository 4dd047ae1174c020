using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CloudNet.Tests.Support;

namespace CloudNet.Tests.Compute;

/// <summary>
/// Whatever a client sends, a compute route answers a 4xx in nova's format
/// (<c>{"name":{"code":N,"message":"…"}}</c>, <c>Content-Type: application/json</c>) and never a 5xx.
/// Requests go through the host's <c>HttpClient</c> so that bodies and content types are exactly as written.
/// In URLs, <c>{server}</c> is a live server of the caller and <c>{tenant}</c> the caller's tenant.
/// </summary>
public class with_bad_input(AppFixture app) : IClassFixture<AppFixture>
{
    const string Json = "application/json";

    async Task<(int Status, string Body, string? ContentType, string? RequestId)> Send(string method, string url, string? body,
        string? contentType)
    {
        if (url.Contains("{server}"))
            url = url.Replace("{server}", (await app.Host.CreateServer(TestAccount.Demo, "target", "none"))["id"].Str());
        url = url.Replace("{tenant}", TestAccount.Demo.TenantId);
        using var client = app.Host.Server.CreateClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        request.Headers.Add("X-Auth-Token", await app.Host.TokenFor(TestAccount.Demo));
        if (body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            if (contentType is not null) request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }
        using var response = await client.SendAsync(request);
        var requestId = response.Headers.TryGetValues("X-Compute-Request-Id", out var ids) ? ids.Single() : null;
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(),
            response.Content.Headers.ContentType?.MediaType, requestId);
    }

    async Task ShouldBeFault(string method, string url, string? body, string? contentType, int status, string name)
    {
        var (actual, text, type, requestId) = await Send(method, url, body, contentType);
        var shown = text.Length > 300 ? text[..300] : text;
        actual.ShouldBe(status, $"{method} {url}: {shown}");
        type.ShouldBe(Json, $"{method} {url}: {shown}");
        requestId.ShouldNotBeNullOrEmpty("errors carry the request id too");
        var fault = JsonNode.Parse(text)!.AsObject();
        fault.Select(p => p.Key).ShouldBe([name], text);
        fault[name]!["code"]!.GetValue<int>().ShouldBe(status);
        fault[name]!["message"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        text.ShouldNotContain("   at ", Case.Sensitive, "no stack trace");
    }

    [Theory]
    [InlineData("POST", "/os-floating-ips", """{"pool":""")]
    [InlineData("POST", "/os-floating-ips", """{"pool":"default"} trailing""")]
    [InlineData("POST", "/os-floating-ips", "not json at all")]
    [InlineData("POST", "/servers", "{")]
    [InlineData("POST", "/servers", """{"server":{"name":"x",}}""")]
    [InlineData("POST", "/servers/{server}/action", """{"addFloatingIp":{""")]
    [InlineData("POST", "/v2/{tenant}/servers", "{{}")]
    public async Task malformed_json_is_400_bad_request(string method, string url, string body) =>
        await ShouldBeFault(method, url, body, Json, 400, "badRequest");

    [Theory]
    [InlineData("/os-floating-ips", """{"pool":5}""")]
    [InlineData("/os-floating-ips", """{"pool":{"name":"default"}}""")]
    [InlineData("/os-floating-ips", "[]")]
    [InlineData("/servers", """{"server":"x"}""")]
    [InlineData("/servers", """{"server":[]}""")]
    [InlineData("/servers", "null")]
    [InlineData("/servers", "[1,2]")]
    [InlineData("/servers", """{"server":{"name":5,"imageRef":"i","flavorRef":"f"}}""")]
    [InlineData("/servers", """{"server":{"name":"x","imageRef":7,"flavorRef":"f"}}""")]
    [InlineData("/servers", """{"server":{"name":"x","networks":5}}""")]
    [InlineData("/servers", """{"server":{"name":"x","networks":"everything"}}""")]
    [InlineData("/servers", """{"server":{"name":"x","networks":[5]}}""")]
    [InlineData("/servers", """{"server":{"name":"x","networks":[{"uuid":5}]}}""")]
    [InlineData("/servers", """{"server":{"name":"x","networks":[{"port":"p"}]}}""")]
    [InlineData("/servers", """{"server":{"name":"x","networks":[{"uuid":"11111111-1111-1111-1111-111111111111","fixed_ip":"nope"}]}}""")]
    [InlineData("/servers", """{"server":{"name":"x","networks":[{"uuid":"11111111-1111-1111-1111-111111111111","fixed_ip":5}]}}""")]
    [InlineData("/servers", """{"server":{"name":"x","metadata":"m"}}""")]
    [InlineData("/servers", """{"server":{"name":"x","metadata":{"k":1}}}""")]
    [InlineData("/servers/{server}/action", """{"addFloatingIp":"x"}""")]
    [InlineData("/servers/{server}/action", """{"addFloatingIp":{"address":5}}""")]
    [InlineData("/servers/{server}/action", """{"addFloatingIp":{"address":"203.0.113.9","fixed_address":7}}""")]
    [InlineData("/servers/{server}/action", """{"removeFloatingIp":[]}""")]
    [InlineData("/servers/{server}/action", "{}")]
    [InlineData("/servers/{server}/action", "[]")]
    [InlineData("/servers/{server}/action", "null")]
    public async Task wrong_types_and_shapes_are_400_bad_request(string url, string body) =>
        await ShouldBeFault("POST", url, body, Json, 400, "badRequest");

    [Theory]
    [InlineData("GET", "/servers/not-a-uuid", null)]
    [InlineData("GET", "/servers/12345", null)]
    [InlineData("DELETE", "/servers/not-a-uuid", null)]
    [InlineData("POST", "/servers/not-a-uuid/action", """{"addFloatingIp":{"address":"203.0.113.9"}}""")]
    [InlineData("POST", "/servers/not-a-uuid/action", """{"removeFloatingIp":{"address":"203.0.113.9"}}""")]
    [InlineData("GET", "/os-floating-ips/not-an-id", null)]
    [InlineData("GET", "/os-floating-ips/999.1.1.1", null)]
    [InlineData("DELETE", "/os-floating-ips/not-an-id", null)]
    [InlineData("GET", "/v2.1/{tenant}/servers/not-a-uuid", null)]
    [InlineData("DELETE", "/servers/detail", null)]
    public async Task ids_that_are_not_uuids_or_addresses_are_404_item_not_found(string method, string url, string? body) =>
        await ShouldBeFault(method, url, body, body is null ? null : Json, 404, "itemNotFound");

    [Theory]
    [InlineData("/servers", null)]
    [InlineData("/servers", Json)]
    [InlineData("/servers/{server}/action", null)]
    [InlineData("/servers/{server}/action", Json)]
    public async Task a_required_body_that_is_missing_is_400_bad_request(string url, string? contentType) =>
        await ShouldBeFault("POST", url, contentType is null ? null : "", contentType, 400, "badRequest");

    [Fact]
    public async Task a_floating_ip_action_naming_a_non_address_is_404()
    {
        await ShouldBeFault("POST", "/servers/{server}/action", """{"addFloatingIp":{"address":"not-an-address"}}""", Json, 404, "itemNotFound");
    }

    /// <summary>A JSON body of just over 1 MiB, valid for <paramref name="url"/> but for its size.</summary>
    internal static string OversizedBody(string url)
    {
        var padding = new string('x', 1024 * 1024 + 1);
        return url.EndsWith("/action")
            ? "{\"addFloatingIp\":{\"address\":\"" + padding + "\"}}"
            : url == "/servers"
                ? "{\"server\":{\"name\":\"big\",\"imageRef\":\"i\",\"flavorRef\":\"f\",\"metadata\":{\"k\":\"" + padding + "\"}}}"
                : "{\"pool\":\"" + padding + "\"}";
    }

    [Theory]
    [InlineData("/servers")]
    [InlineData("/os-floating-ips")]
    [InlineData("/servers/{server}/action")]
    public async Task a_body_over_one_mebibyte_is_413_over_limit(string url) =>
        await ShouldBeFault("POST", url, OversizedBody(url), Json, 413, "overLimit");

    [Theory]
    [InlineData("PUT", "/os-floating-ips")]
    [InlineData("DELETE", "/os-floating-ips")]
    [InlineData("POST", "/os-floating-ip-pools")]
    [InlineData("PATCH", "/servers/{server}")]
    [InlineData("PUT", "/servers/{server}/action")]
    [InlineData("GET", "/servers/{server}/action")]
    [InlineData("PUT", "/v2/{tenant}/os-floating-ips")]
    public async Task a_wrong_method_is_405_bad_method(string method, string url) =>
        await ShouldBeFault(method, url, method is "PUT" or "PATCH" ? "{}" : null, method is "PUT" or "PATCH" ? Json : null, 405, "badMethod");

    [Theory]
    [InlineData("GET", "/no-such-collection")]
    [InlineData("GET", "/servers/{server}/no-such-thing")]
    [InlineData("POST", "/os-floating-ips/extra/segments")]
    [InlineData("GET", "/v2/{tenant}/no-such-collection")]
    [InlineData("GET", "/v2.1/{tenant}/os-floating-ips/a/b")]
    public async Task an_unknown_route_is_404_item_not_found(string method, string url) =>
        await ShouldBeFault(method, url, null, null, 404, "itemNotFound");

    [Theory]
    [InlineData("/os-floating-ips", "pool=default", "text/plain")]
    [InlineData("/os-floating-ips", "pool=default", "application/x-www-form-urlencoded")]
    [InlineData("/servers", "<server name=\"x\"/>", "application/xml")]
    [InlineData("/servers/{server}/action", """{"addFloatingIp":{"address":"203.0.113.9"}}""", "text/plain")]
    public async Task an_unsupported_media_type_is_415_bad_media_type(string url, string body, string contentType) =>
        await ShouldBeFault("POST", url, body, contentType, 415, "badMediaType");

    [Fact]
    public async Task refused_allocations_store_nothing()
    {
        // No request of this class may allocate: whichever of them ran before this one left no floating IP behind.
        await ShouldBeFault("POST", "/os-floating-ips", """{"pool":5}""", Json, 400, "badRequest");
        await ShouldBeFault("POST", "/os-floating-ips", """{"pool":""", Json, 400, "badRequest");
        await ShouldBeFault("POST", "/os-floating-ips", "pool=default", "text/plain", 415, "badMediaType");
        (await app.Host.ListFloatingIps(TestAccount.Demo)).Count.ShouldBe(0);
    }
}

/// <summary>Oversized bodies over real HTTP, where Kestrel's limit applies.</summary>
public class with_bad_input_over_kestrel(ServiceOnALoopbackPort kestrel) : IClassFixture<ServiceOnALoopbackPort>
{
    [Theory]
    [InlineData("/servers")]
    [InlineData("/os-floating-ips")]
    public async Task a_body_over_one_mebibyte_is_413_over_limit(string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(with_bad_input.OversizedBody(url), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("demo:demo-password"u8.ToArray()));
        // Refused on the declared length: wait for the answer before sending the body, or the client may write
        // into a connection the server already closed (a broken pipe instead of the 413).
        request.Headers.ExpectContinue = true;

        using var response = await kestrel.Client.SendAsync(request);

        var text = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).ShouldBe(413, text);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/json");
        var fault = JsonNode.Parse(text)!.AsObject();
        fault.Select(p => p.Key).ShouldBe(["overLimit"], text);
        fault["overLimit"]!["code"]!.GetValue<int>().ShouldBe(413);
        fault["overLimit"]!["message"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
    }
}
