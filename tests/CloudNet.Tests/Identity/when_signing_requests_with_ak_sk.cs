using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Alba;
using CloudNet.Tests.Hosting;
using CloudNet.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace CloudNet.Tests.Identity;

/// <summary>
/// Huawei AK/SK (<c>SDK-HMAC-SHA256</c>) through the in-process host, signed as the SDK signs
/// (reference/clients.md §5): the headers it sends, the body bytes it sends, the host the server sees.
/// </summary>
public class when_signing_requests_with_ak_sk(AppFixture app) : IClassFixture<AppFixture>
{
    const string DemoAk = "DEMOAKIDEXAMPLE00001";
    const string DemoSk = "demo-secret-key";
    const string OtherAk = "OTHERAKIDEXAMPLE0002";
    const string OtherSk = "other-secret-key";
    static readonly string DemoProject = TestAccount.Demo.TenantId;
    static readonly string OtherProject = TestAccount.Other.TenantId;

    /// <summary>One request as the SDK builds it. The <c>Sent…</c> values, when given, replace what goes on the
    /// wire after signing: that is how a request is changed in transit.</summary>
    public sealed record Call(string Method, string Path)
    {
        public string Query { get; init; } = "";
        public string Body { get; init; } = "";
        public string AccessKey { get; init; } = DemoAk;
        public string SecretKey { get; init; } = DemoSk;
        public string? Project { get; init; } = DemoProject;
        public DateTimeOffset? SignedAt { get; init; }
        public string? SentBody { get; init; }
        public string? SentQuery { get; init; }
        public string? SentProject { get; init; }
    }

    Task<IScenarioResult> Send(Call call) => app.Host.Scenario(x =>
    {
        var date = HuaweiSdkSigner.DateOf(call.SignedAt ?? DateTimeOffset.UtcNow);
        // The SDK's headers, all signed; Content-Type goes on GET and DELETE too.
        var headers = new Dictionary<string, string>
        {
            ["Content-Type"] = "application/json",
            ["host"] = "localhost",
            ["X-Sdk-Date"] = date,
        };
        if (call.Project is not null) headers["X-Project-Id"] = call.Project;
        var query = call.Query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2)).Select(p => KeyValuePair.Create(p[0], p.Length > 1 ? p[1] : ""));
        var authorization = new HuaweiSdkSigner(call.AccessKey, call.SecretKey).Sign(call.Method, call.Path, query, headers, call.Body);

        var sentQuery = call.SentQuery ?? call.Query;
        var bytes = Encoding.UTF8.GetBytes(call.SentBody ?? call.Body);
        x.ConfigureHttpContext(c =>
        {
            c.Request.Method = call.Method;
            c.Request.Path = new PathString(call.Path);
            c.Request.QueryString = sentQuery.Length > 0 ? new QueryString("?" + sentQuery) : QueryString.Empty;
            c.Request.Headers.ContentType = "application/json";
            c.Request.Headers["X-Sdk-Date"] = date;
            if ((call.SentProject ?? call.Project) is { } project) c.Request.Headers["X-Project-Id"] = project;
            c.Request.Headers.Authorization = authorization;
            // Added by the SDK after signing, as the real one is.
            c.Request.Headers.UserAgent = "huaweicloud-usdk-nodejs/3.0";
            // Like axios, no Content-Length on a request without a body: the service then treats the body as
            // absent and drops Content-Type, which must not happen before the signature (which covers it) is checked.
            c.Request.Body = new MemoryStream(bytes);
            c.Request.ContentLength = bytes.Length > 0 ? bytes.Length : null;
        });
        x.IgnoreStatusCode();
    });

    static Call SignedGet(string path) => new("GET", path);

    static Call SignedPost(string path, string json) => new("POST", path) { Body = json };

    /// <summary>Huawei's error body, exactly <c>{"code","message","error_code","error_msg"}</c>, with the request id.</summary>
    static async Task<JsonObject> ShouldBeHuaweiError(IScenarioResult result, int status, string? code = null)
    {
        var text = await result.ReadAsTextAsync();
        result.Status().ShouldBe(status, text);
        result.Context.Response.ContentType.ShouldNotBeNull().ShouldStartWith("application/json");
        var body = JsonNode.Parse(text).ShouldNotBeNull().AsObject();
        string.Join(',', body.Select(p => p.Key).Order()).ShouldBe("code,error_code,error_msg,message", customMessage: text);
        body["error_code"].Str().ShouldBe(body["code"].Str());
        body["error_msg"].Str().ShouldBe(body["message"].Str());
        body["message"].Str().ShouldNotBeNullOrWhiteSpace();
        if (code is not null) body["code"].Str().ShouldBe(code, customMessage: text);
        result.Header("X-Request-Id").ShouldNotBeNull().ShouldStartWith("req-");
        return body;
    }

    [Fact]
    public async Task a_signed_get_on_an_unknown_vpc_route_of_its_own_project_is_authenticated_and_404()
    {
        var result = await Send(SignedGet($"/v1/{DemoProject}/something"));
        await ShouldBeHuaweiError(result, 404);
    }

    [Fact]
    public async Task a_signed_post_with_a_json_body_is_authenticated()
    {
        var result = await Send(SignedPost($"/v1/{DemoProject}/privateips-not-yet",
            """{"privateips":[{"subnet_id":"aaaa","ip_address":"10.0.0.5"},{"subnet_id":"aaaa"}]}"""));
        await ShouldBeHuaweiError(result, 404);
    }

    [Fact]
    public async Task a_signed_request_acts_as_the_account_on_authenticated_compute_routes()
    {
        var list = await Send(SignedGet("/os-floating-ips"));
        list.Status().ShouldBe(200, await list.ReadAsTextAsync());
        (await list.Json())["floating_ips"].ShouldNotBeNull();

        // The body was read for the signature and is read again, whole, by the endpoint.
        var allocate = await Send(SignedPost("/os-floating-ips", """{"pool":"default"}"""));
        allocate.Status().ShouldBe(202, await allocate.ReadAsTextAsync());
        var id = (await allocate.Json())["floating_ip"]!["id"].Str();

        // The same tenant as the account's token: the token sees it, the other tenant does not.
        (await app.Host.As(TestAccount.Demo, x => x.Get.Url($"/os-floating-ips/{id}"))).Status().ShouldBe(200);
        (await app.Host.As(TestAccount.Other, x => x.Get.Url($"/os-floating-ips/{id}"))).Status().ShouldBe(404);
    }

    [Fact]
    public async Task query_parameters_are_signed_in_code_unit_order_whatever_order_they_are_sent_in()
    {
        var result = await Send(SignedGet($"/v1/{DemoProject}/no-such-collection/s/items") with
        {
            Query = "marker=m&limit=1&Limit=2",
            SentQuery = "limit=1&Limit=2&marker=m",
        });
        await ShouldBeHuaweiError(result, 404);
    }

    public static TheoryData<string, Func<Call, Call>> Tampered => new()
    {
        { "wrong secret", c => c with { SecretKey = "not-" + DemoSk } },
        { "changed body", c => c with { SentBody = c.Body.Replace("}", " }") } },
        { "changed query", c => c with { SentQuery = "limit=2" } },
        { "changed signed header", c => c with { SentProject = DemoProject.Replace('7', '8') } },
        { "stale date", c => c with { SignedAt = DateTimeOffset.UtcNow.AddMinutes(-16) } },
        { "date in the future", c => c with { SignedAt = DateTimeOffset.UtcNow.AddMinutes(16) } },
        { "unknown access key", c => c with { AccessKey = "UNKNOWNAKIDEXAMPLE99" } },
    };

    [Theory]
    [MemberData(nameof(Tampered))]
    public async Task a_request_whose_signature_does_not_hold_is_401_in_huawei_format(string why, Func<Call, Call> tamper)
    {
        var call = tamper(SignedPost($"/v1/{DemoProject}/privateips-not-yet", """{"privateips":[{"subnet_id":"aaaa","ip_address":"10.0.0.5"}]}""")
            with { Query = "limit=1" });
        var body = await ShouldBeHuaweiError(await Send(call), 401);
        body["code"].Str().ShouldBe("VPC.0008", customMessage: why);
    }

    [Theory]
    [MemberData(nameof(Tampered))]
    public async Task on_compute_routes_the_same_refusal_is_a_nova_401(string why, Func<Call, Call> tamper)
    {
        var result = await Send(tamper(SignedPost("/os-floating-ips", """{"pool":"default"}""") with { Query = "limit=1" }));
        (await result.ShouldBeNovaFault(401, "unauthorized")).ShouldNotBeNullOrWhiteSpace(why);
    }

    [Fact]
    public async Task the_refusal_says_why()
    {
        var path = $"/v1/{DemoProject}/x";
        (await ShouldBeHuaweiError(await Send(SignedGet(path) with { SecretKey = "wrong" }), 401))["message"].Str()
            .ShouldBe("Signature does not match.");
        (await ShouldBeHuaweiError(await Send(SignedGet(path) with { SignedAt = DateTimeOffset.UtcNow.AddHours(-1) }), 401))["message"].Str()
            .ShouldBe("Request date is more than 15 minutes from the server's time.");
        (await ShouldBeHuaweiError(await Send(SignedGet(path) with { AccessKey = "NOPE" }), 401))["message"].Str()
            .ShouldBe("Unknown access key.");
    }

    [Fact]
    public async Task a_malformed_signature_header_is_401()
    {
        var result = await app.Host.Scenario(x =>
        {
            x.Get.Url($"/v1/{DemoProject}/x");
            x.WithRequestHeader("Authorization", "SDK-HMAC-SHA256 Access=DEMOAKIDEXAMPLE00001");
            x.WithRequestHeader("X-Sdk-Date", HuaweiSdkSigner.DateOf(DateTimeOffset.UtcNow));
            x.IgnoreStatusCode();
        });
        (await ShouldBeHuaweiError(result, 401, "VPC.0008"))["message"].Str().ShouldContain("Authorization");
    }

    [Fact]
    public async Task another_projects_id_in_the_url_is_400_inconsistent_tenant_ids()
    {
        var result = await Send(SignedGet($"/v1/{OtherProject}/something"));
        (await ShouldBeHuaweiError(result, 400, "VPC.0007"))["message"].Str().ShouldBe("Inconsistent tenant IDs.");

        // The key's own project, as the other account signs it.
        var own = await Send(SignedGet($"/v1/{OtherProject}/something") with { AccessKey = OtherAk, SecretKey = OtherSk, Project = OtherProject });
        await ShouldBeHuaweiError(own, 404);
    }

    [Fact]
    public async Task the_project_check_holds_for_tokens_as_well()
    {
        var mine = await app.Host.As(TestAccount.Demo, x => x.Get.Url($"/v1/{DemoProject}/anything"));
        await ShouldBeHuaweiError(mine, 404);
        var theirs = await app.Host.As(TestAccount.Demo, x => x.Get.Url($"/v1/{OtherProject}/anything"));
        await ShouldBeHuaweiError(theirs, 400, "VPC.0007");
    }

    [Fact]
    public async Task an_x_project_id_that_is_not_the_keys_project_is_403()
    {
        var result = await Send(SignedGet($"/v1/{DemoProject}/something") with { Project = OtherProject });
        (await ShouldBeHuaweiError(result, 403))["message"].Str().ShouldContain("X-Project-Id");
    }

    [Fact]
    public async Task without_x_project_id_the_signature_alone_authenticates()
    {
        var result = await Send(SignedGet($"/v1/{DemoProject}/something") with { Project = null });
        await ShouldBeHuaweiError(result, 404);
    }

    [Fact]
    public async Task a_vpc_route_without_credentials_is_401_in_huawei_format()
    {
        var result = await app.Host.Scenario(x =>
        {
            x.Get.Url($"/v1/{DemoProject}/something");
            x.IgnoreStatusCode();
        });
        await ShouldBeHuaweiError(result, 401, "VPC.0008");
    }
}

/// <summary>
/// The same over a real HTTP server (Kestrel), where the path arrives still escaped, the Host header carries
/// the port, and the body limit is the server's.
/// </summary>
public class when_signing_requests_with_ak_sk_over_http(ServiceOnALoopbackPort server) : IClassFixture<ServiceOnALoopbackPort>
{
    static readonly string DemoProject = TestAccount.Demo.TenantId;

    HttpRequestMessage Signed(HttpMethod method, string path, string query, string body)
    {
        var host = server.Client.BaseAddress!.Authority;
        var date = HuaweiSdkSigner.DateOf(DateTimeOffset.UtcNow);
        var headers = new Dictionary<string, string>
        {
            ["content-type"] = "application/json",
            ["host"] = host,
            ["x-project-id"] = DemoProject,
            ["x-sdk-date"] = date,
        };
        var pairs = query.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2))
            .Select(p => KeyValuePair.Create(Uri.UnescapeDataString(p[0]), Uri.UnescapeDataString(p[1])));
        var authorization = new HuaweiSdkSigner("DEMOAKIDEXAMPLE00001", "demo-secret-key").Sign(method.Method, path, pairs, headers, body);

        var escapedPath = string.Join('/', path.Split('/').Select(Uri.EscapeDataString));
        var request = new HttpRequestMessage(method, escapedPath + (query.Length > 0 ? "?" + query : ""))
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)),
        };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("X-Project-Id", DemoProject);
        request.Headers.TryAddWithoutValidation("X-Sdk-Date", date);
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        return request;
    }

    [Fact]
    public async Task escaped_path_segments_and_query_values_are_signed_as_the_sdk_signs_them()
    {
        using var request = Signed(HttpMethod.Get, $"/v1/{DemoProject}/a b/é*(x)", "name=a%20b%2Fc&Zeta=%21&alpha=~", "");
        using var response = await server.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).ShouldBe(404, text);
        JsonNode.Parse(text)!["code"].Str().ShouldBe("VPC.0704");
    }

    [Fact]
    public async Task a_signed_post_reaches_the_endpoint_with_its_body()
    {
        using var request = Signed(HttpMethod.Post, "/os-floating-ips", "", """{"pool":"default"}""");
        using var response = await server.Client.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task a_signed_body_over_the_limit_is_413_not_a_signature_failure()
    {
        var json = "{\"pool\":\"" + new string('a', 1024 * 1024) + "\"}";
        using var request = Signed(HttpMethod.Post, "/os-floating-ips", "", json);
        request.Headers.TransferEncodingChunked = true;
        request.Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(json)));
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var response = await server.Client.SendAsync(request);
        ((int)response.StatusCode).ShouldBe(413, await response.Content.ReadAsStringAsync());
    }
}
