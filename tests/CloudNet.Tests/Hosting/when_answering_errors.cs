using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Alba;
using CloudNet.Tests.Identity;
using CloudNet.Tests.Support;

namespace CloudNet.Tests.Hosting;

/// <summary>
/// Errors through HTTP: each family's body format for what the framework refuses (405, 404, 415, 413), an
/// empty or <c>*/*</c> Accept is fine, and no response is ever an HTML page or a stack trace.
/// </summary>
public class when_answering_errors(AppFixture app) : IClassFixture<AppFixture>
{
    const string DemoTenant = "7a3c5e0f9b2d4c6e8f1a3b5c7d9e0f12";

    async Task<IScenarioResult> AsDemo(Action<Scenario> configure) => await app.Host.As(TestAccount.Demo, configure);

    /// <summary>Never HTML, never a .NET stack trace or exception name.</summary>
    internal static void ShouldNotLeak(string? contentType, string body)
    {
        (contentType ?? "").ShouldNotContain("html");
        body.TrimStart().ShouldNotStartWith("<");
        body.ShouldNotContain("   at ");
        body.ShouldNotContain("Exception");
        body.ShouldNotContain("CloudNet.");
        body.ShouldNotContain("Wolverine");
        body.ShouldNotContain("Npgsql");
    }

    static async Task ShouldNotLeak(IScenarioResult result) =>
        ShouldNotLeak(result.Context.Response.ContentType, await result.ReadAsTextAsync());

    [Theory]
    [InlineData("")]
    [InlineData("*/*")]
    [InlineData("application/json")]
    [InlineData("application/json, */*;q=0.5")]
    public async Task an_empty_or_wildcard_accept_header_is_fine(string accept)
    {
        var list = await AsDemo(x =>
        {
            x.Get.Url("/os-floating-ips");
            x.WithRequestHeader("Accept", accept);
        });
        list.Status().ShouldBe(200, await list.ReadAsTextAsync());
        list.Context.Response.ContentType!.ShouldStartWith("application/json");

        var allocate = await AsDemo(x =>
        {
            x.Post.Url("/os-floating-ips");
            x.WithRequestHeader("Accept", accept);
        });
        allocate.Status().ShouldBe(202, await allocate.ReadAsTextAsync());

        // openstacksdk's server actions send an empty Accept; an error must still be JSON, not 406.
        var missing = await AsDemo(x =>
        {
            x.Post.Json(new { addFloatingIp = new { address = "203.0.113.254" } }).ToUrl($"/servers/{Guid.NewGuid()}/action");
            x.WithRequestHeader("Accept", accept);
        });
        await missing.ShouldBeNovaFault(404, "itemNotFound");

        var token = await app.Host.PostJson("/v2.0/tokens", IdentityRequests.V2Password("demo", "demo-password"), x => x.WithRequestHeader("Accept", accept));
        token.Status().ShouldBe(200);
    }

    [Fact]
    public async Task no_accept_header_at_all_is_fine()
    {
        var result = await AsDemo(x =>
        {
            x.Get.Url("/os-floating-ips");
            x.RemoveRequestHeader("Accept");
        });
        result.Status().ShouldBe(200);
    }

    static void Send(Scenario x, string method, string url)
    {
        var send = method switch
        {
            "GET" => x.Get,
            "PUT" => x.Put,
            "PATCH" => x.Patch,
            "DELETE" => x.Delete,
            _ => throw new ArgumentOutOfRangeException(nameof(method)),
        };
        send.Url(url);
    }

    [Theory]
    [InlineData("DELETE", "/os-floating-ip-pools")]
    [InlineData("PUT", "/os-floating-ips")]
    [InlineData("PATCH", "/servers")]
    [InlineData("DELETE", $"/v2/{DemoTenant}/os-floating-ip-pools")]
    public async Task a_wrong_method_on_a_compute_route_is_405_bad_method(string method, string url)
    {
        var result = await AsDemo(x => Send(x, method, url));
        await result.ShouldBeNovaFault(405, "badMethod");
        result.Header("Allow").ShouldNotBeNullOrEmpty();
        await ShouldNotLeak(result);
    }

    [Theory]
    [InlineData("/no-such-collection")]
    [InlineData("/servers/x/y/z")]
    [InlineData($"/v2/{DemoTenant}/no-such-collection")]
    public async Task an_unknown_compute_route_is_404_item_not_found(string url)
    {
        var result = await AsDemo(x => x.Get.Url(url));
        await result.ShouldBeNovaFault(404, "itemNotFound");
        await ShouldNotLeak(result);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task a_body_that_is_not_json_on_a_compute_route_is_415_bad_media_type(string contentType)
    {
        var result = await AsDemo(x =>
        {
            x.Post.Text("pool=default").ToUrl("/os-floating-ips");
            x.WithRequestHeader("Content-Type", contentType);
        });
        await result.ShouldBeNovaFault(415, "badMediaType");
        await ShouldNotLeak(result);
    }

    [Fact]
    public async Task a_malformed_json_body_on_a_compute_route_is_400_bad_request_without_type_names()
    {
        var result = await AsDemo(x => x.Post.RawJson("""{"server":{"name":5,"flavorRef":[]}}""").ToUrl("/servers"));
        await result.ShouldBeNovaFault(400, "badRequest");
        await ShouldNotLeak(result);
        (await result.ReadAsTextAsync()).ShouldNotContain("System.");
    }

    [Fact]
    public async Task a_wrong_method_on_an_identity_route_is_405_in_keystone_format()
    {
        foreach (var (method, url) in new[] { ("GET", "/v2.0/tokens"), ("DELETE", "/v2.0/tokens"), ("PUT", "/v3/auth/tokens") })
        {
            var result = await app.Host.Scenario(x =>
            {
                Send(x, method, url);
                x.IgnoreStatusCode();
            });
            await result.ShouldBeKeystoneError(405, "Method Not Allowed");
            // /v3/auth/tokens also revokes (DELETE); both token routes issue with POST.
            result.Header("Allow").ShouldBe(url == "/v3/auth/tokens" ? "DELETE, POST" : "POST");
            await ShouldNotLeak(result);
        }
    }

    [Fact]
    public async Task an_unknown_identity_route_is_404_in_keystone_format()
    {
        var result = await AsDemo(x => x.Get.Url("/v3/no-such-thing"));
        await result.ShouldBeKeystoneError(404, "Not Found");
        await ShouldNotLeak(result);
    }

    [Fact]
    public async Task a_body_that_is_not_json_on_an_identity_route_is_415_in_keystone_format()
    {
        var result = await app.Host.Scenario(x =>
        {
            x.Post.Text("username=demo&password=demo-password").ToUrl("/v2.0/tokens");
            x.WithRequestHeader("Content-Type", "text/plain");
            x.IgnoreStatusCode();
        });
        await result.ShouldBeKeystoneError(415, "Unsupported Media Type");
        await ShouldNotLeak(result);
    }

    [Fact]
    public async Task no_error_of_any_family_is_html_or_a_stack_trace()
    {
        var token = await app.Host.TokenFor(TestAccount.Demo);
        var requests = new List<Action<Scenario>>
        {
            x => x.Get.Url("/nope"),
            x => x.Get.Url("/v2.0/nope"),
            x => x.Get.Url($"/v1/{DemoTenant}/nope"),
            x => x.Post.RawJson("{").ToUrl("/v2.0/networks"),
            x => x.Post.RawJson("{").ToUrl($"/v1/{DemoTenant}/privateips"),
            x => x.Post.RawJson("{").ToUrl("/servers"),
            x => x.Post.RawJson("{\"server\":null}").ToUrl("/servers"),
            x => x.Get.Url("/servers/not-a-uuid"),
            x => x.Get.Url($"/os-floating-ips/{new string('9', 300)}"),
            x => x.Post.RawJson("[1,2,3]").ToUrl("/os-floating-ips"),
            x => x.Post.RawJson("{\"pool\":{\"deep\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}}").ToUrl("/os-floating-ips"),
        };
        foreach (var configure in requests)
        {
            var result = await app.Host.Scenario(x =>
            {
                x.WithRequestHeader("X-Auth-Token", token);
                x.IgnoreStatusCode();
                configure(x);
            });
            var body = await result.ReadAsTextAsync();
            var where = $"{result.Context.Request.Method} {result.Context.Request.Path}: {result.Status()} {body}";
            result.Status().ShouldBeInRange(400, 499, where);
            ShouldNotLeak(result.Context.Response.ContentType, body);
            result.Context.Response.ContentType.ShouldNotBeNull(where).ShouldContain("json");
            JsonNode.Parse(body).ShouldNotBeNull(where);
        }
    }
}

/// <summary>The 1 MiB body limit, which only a real server enforces (Kestrel's <c>MaxRequestBodySize</c>).</summary>
public class when_a_body_is_too_large(ServiceOnALoopbackPort server) : IClassFixture<ServiceOnALoopbackPort>
{
    const int OverOneMiB = 1024 * 1024 + 1;

    async Task<string> Token()
    {
        using var response = await server.Client.PostAsync("/v2.0/tokens",
            new StringContent(IdentityRequests.V2Password("demo", "demo-password"), Encoding.UTF8, "application/json"));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["access"]!["token"]!["id"]!.GetValue<string>();
    }

    static HttpContent Oversized(string prefix, string suffix)
    {
        var json = prefix + new string('a', OverOneMiB) + suffix;
        return new StringContent(json, Encoding.UTF8, "application/json");
    }

    static async Task<JsonObject> ShouldBe413(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).ShouldBe(413, body);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        when_answering_errors.ShouldNotLeak(response.Content.Headers.ContentType.ToString(), body);
        return JsonNode.Parse(body)!.AsObject();
    }

    [Fact]
    public async Task on_a_compute_route_it_is_413_over_limit_in_nova_format()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/os-floating-ips") { Content = Oversized("{\"pool\":\"", "\"}") };
        // The server refuses on the declared length alone; waiting for its answer before sending the body keeps
        // the client from writing into a connection the server has already closed (a broken pipe, not a 413).
        request.Headers.ExpectContinue = true;
        request.Headers.Add("X-Auth-Token", await Token());
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await server.Client.SendAsync(request);

        var body = await ShouldBe413(response);
        body.Select(p => p.Key).ShouldBe(["overLimit"]);
        body["overLimit"]!["code"]!.GetValue<int>().ShouldBe(413);
        body["overLimit"]!["message"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        response.Headers.GetValues("X-Compute-Request-Id").Single().ShouldStartWith("req-");
    }

    [Fact]
    public async Task on_an_identity_route_it_is_413_in_keystone_format()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v2.0/tokens")
        {
            Content = Oversized("{\"auth\":{\"passwordCredentials\":{\"username\":\"demo\",\"password\":\"", "\"}}}"),
        };
        request.Headers.ExpectContinue = true;
        using var response = await server.Client.SendAsync(request);

        var body = await ShouldBe413(response);
        body.Select(p => p.Key).ShouldBe(["error"]);
        body["error"]!["code"]!.GetValue<int>().ShouldBe(413);
        body["error"]!["title"]!.GetValue<string>().ShouldBe("Request Entity Too Large");
        response.Headers.GetValues("X-Openstack-Request-Id").Single().ShouldStartWith("req-");
    }

    [Fact]
    public async Task a_chunked_body_without_a_length_is_cut_off_at_the_limit_too()
    {
        var json = Encoding.UTF8.GetBytes("{\"pool\":\"" + new string('a', OverOneMiB) + "\"}");
        var content = new StreamContent(new MemoryStream(json));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/os-floating-ips") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        request.Headers.Add("X-Auth-Token", await Token());
        using var response = await server.Client.SendAsync(request);

        var body = await ShouldBe413(response);
        body["overLimit"]!["code"]!.GetValue<int>().ShouldBe(413);
    }

    [Fact]
    public async Task a_body_just_under_the_limit_is_read()
    {
        var json = "{\"pool\":\"" + new string('a', 1024 * 1024 - 20) + "\"}";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/os-floating-ips") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Auth-Token", await Token());
        using var response = await server.Client.SendAsync(request);
        // Read and judged on its merits: there is no such pool.
        ((int)response.StatusCode).ShouldBe(404, await response.Content.ReadAsStringAsync());
    }
}
