using System.Text.Json.Nodes;
using Alba;
using CloudNet.Tests.Support;

namespace CloudNet.Tests.Identity;

/// <summary><c>POST /v3/auth/tokens</c>, Keystone v3 / Huawei IAM: the token comes back in <c>X-Subject-Token</c>.</summary>
public class when_issuing_v3_tokens(AppFixture app) : IClassFixture<AppFixture>
{
    static readonly TestAccount Demo = TestAccount.Demo;

    async Task<(string Token, JsonObject Body)> Issue(string body, Action<Scenario>? more = null)
    {
        var result = await app.Host.PostJson("/v3/auth/tokens", body, more);
        var text = await result.ReadAsTextAsync();
        result.Status().ShouldBe(201, text);
        result.Context.Response.ContentType!.ShouldStartWith("application/json");
        var token = result.Header("X-Subject-Token").ShouldNotBeNull();
        return (token, JsonNode.Parse(text)!["token"]!.AsObject());
    }

    [Fact]
    public async Task pkgcloud_body_with_the_stray_tenant_id_gives_201_and_the_token_in_x_subject_token()
    {
        var before = DateTimeOffset.UtcNow;
        var (token, body) = await Issue(IdentityRequests.V3Pkgcloud(Demo.User, Demo.Password, Demo.TenantId));

        IdentityRequests.OpaqueToken().IsMatch(token).ShouldBeTrue(token);
        var issued = IdentityRequests.ParseIso8601(body["issued_at"].Str());
        var expires = IdentityRequests.ParseIso8601(body["expires_at"].Str());
        issued.ShouldBeGreaterThan(before.AddMinutes(-1));
        issued.ShouldBeLessThan(DateTimeOffset.UtcNow.AddMinutes(1));
        (expires - issued).ShouldBe(TimeSpan.FromHours(24));

        body["project"]!["id"].Str().ShouldBe(Demo.TenantId);
        body["project"]!["name"].Str().ShouldBe(Demo.TenantId);
        var user = body["user"]!;
        user["id"].Str().ShouldNotBeNullOrWhiteSpace();
        user["name"].Str().ShouldBe(Demo.User);
        user["domain"]!["id"].Str().ShouldBe("default");
        user["domain"]!["name"].Str().ShouldBe("Default");
    }

    [Theory]
    [InlineData("""{"name":"Default"}""")]
    [InlineData("""{"id":"default"}""")]
    [InlineData("""{"id":"default","name":"Default"}""")]
    public async Task the_default_domain_may_be_named_by_name_or_id(string domain)
    {
        var (_, body) = await Issue(IdentityRequests.V3Pkgcloud(Demo.User, Demo.Password, Demo.TenantId, domain));
        body["project"]!["id"].Str().ShouldBe(Demo.TenantId);
    }

    [Fact]
    public async Task openstacksdk_body_without_domain_or_stray_tenant_is_accepted()
    {
        var (_, body) = await Issue("""
            {"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"demo","password":"demo-password"}}},
                     "scope":{"project":{"id":"%DEMO_TENANTID%"}}}}
            """.Replace("%DEMO_TENANTID%", Demo.TenantId));
        body["user"]!["name"].Str().ShouldBe("demo");
    }

    [Fact]
    public async Task a_project_named_by_name_in_the_default_domain_is_accepted()
    {
        var (_, body) = await Issue("""
            {"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"demo","password":"demo-password","domain":{"name":"Default"}}}},
                     "scope":{"project":{"name":"%DEMO_TENANTID%","domain":{"name":"Default"}}}}}
            """.Replace("%DEMO_TENANTID%", Demo.TenantId));
        body["project"]!["id"].Str().ShouldBe(Demo.TenantId);
    }

    [Fact]
    public async Task a_user_may_be_named_by_id()
    {
        var (_, first) = await Issue(IdentityRequests.V3Pkgcloud(Demo.User, Demo.Password, Demo.TenantId));
        var userId = first["user"]!["id"].Str();

        var (_, body) = await Issue("""
            {"auth":{"identity":{"methods":["password"],"password":{"user":{"id":"%USERID%","password":"demo-password"}}}}}
            """.Replace("%USERID%", userId));
        body["user"]!["name"].Str().ShouldBe("demo");
        body["project"]!["id"].Str().ShouldBe(Demo.TenantId);
    }

    [Fact]
    public async Task the_catalog_has_public_and_internal_endpoints_in_region_one()
    {
        var (_, body) = await Issue(IdentityRequests.V3Pkgcloud(Demo.User, Demo.Password, Demo.TenantId),
            x => x.FromAddress("https", "iam.example.com:8443"));

        var catalog = body["catalog"]!.AsArray().Select(s => s!.AsObject()).ToList();
        catalog.Select(s => (s["type"].Str(), s["name"].Str())).OrderBy(t => t.Item1).ShouldBe(
        [
            ("compute", "cloudServersOpenStack"),
            ("identity", "keystone"),
            ("image", "glance"),
            ("network", "cloudNetworks"),
            ("vpc", "vpc"),
        ]);
        var expected = new Dictionary<string, string>
        {
            ["compute"] = $"https://iam.example.com:8443/v2/{Demo.TenantId}",
            ["network"] = "https://iam.example.com:8443/networking", // Neutron's unversioned root

            ["vpc"] = $"https://iam.example.com:8443/v1/{Demo.TenantId}",
            ["identity"] = "https://iam.example.com:8443/v3",
            ["image"] = "https://iam.example.com:8443/image",
        };
        foreach (var service in catalog)
        {
            var endpoints = service["endpoints"]!.AsArray().Select(e => e!.AsObject()).ToList();
            endpoints.Select(e => e["interface"].Str()).Order().ShouldBe(["internal", "public"]);
            foreach (var endpoint in endpoints)
            {
                endpoint["region"].Str().ShouldBe("RegionOne");
                endpoint["region_id"].Str().ShouldBe("RegionOne");
                endpoint["url"].Str().ShouldBe(expected[service["type"].Str()]);
            }
        }
    }

    public static TheoryData<string, string> Refused => new()
    {
        { "wrong password", IdentityRequests.V3Pkgcloud("demo", "nope", TestAccount.Demo.TenantId) },
        { "unknown user", IdentityRequests.V3Pkgcloud("nobody", "demo-password", TestAccount.Demo.TenantId) },
        { "wrong domain name", IdentityRequests.V3Pkgcloud("demo", "demo-password", TestAccount.Demo.TenantId, """{"name":"Other"}""") },
        { "wrong domain id", IdentityRequests.V3Pkgcloud("demo", "demo-password", TestAccount.Demo.TenantId, """{"id":"other"}""") },
        { "domain name and id disagree", IdentityRequests.V3Pkgcloud("demo", "demo-password", TestAccount.Demo.TenantId, """{"id":"default","name":"Other"}""") },
        { "another user's project", IdentityRequests.V3Pkgcloud("demo", "demo-password", TestAccount.Other.TenantId) },
        { "the api key as password", IdentityRequests.V3Pkgcloud("demo", "demo-api-key", TestAccount.Demo.TenantId) },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task refused_logins_are_401_in_keystone_format_without_a_token(string _, string body)
    {
        var result = await app.Host.PostJson("/v3/auth/tokens", body);
        await result.ShouldBeKeystoneError(401, "Unauthorized");
        result.Header("X-Subject-Token").ShouldBeNull();
    }

    public static TheoryData<string, string> Malformed => new()
    {
        { "not JSON", "auth" },
        { "no identity", """{"auth":{}}""" },
        { "token method only", """{"auth":{"identity":{"methods":["token"],"token":{"id":"abc"}}}}""" },
        { "no password", """{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"demo"}}}}}""" },
        { "no user name or id", """{"auth":{"identity":{"methods":["password"],"password":{"user":{"password":"demo-password"}}}}}""" },
        { "methods of the wrong type", """{"auth":{"identity":{"methods":"password"}}}""" },
        { "JSON null", "null" },
        { "an empty object", "{}" },
        { "a JSON array", "[]" },
    };

    [Fact]
    public async Task no_body_at_all_is_400_in_keystone_format()
    {
        var result = await app.Host.Scenario(x =>
        {
            x.Post.Url("/v3/auth/tokens");
            x.WithRequestHeader("Content-Type", "application/json");
            x.IgnoreStatusCode();
        });
        await result.ShouldBeKeystoneError(400, "Bad Request");
    }

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task malformed_requests_are_400_in_keystone_format(string _, string body)
    {
        var result = await app.Host.PostJson("/v3/auth/tokens", body);
        await result.ShouldBeKeystoneError(400, "Bad Request");
    }

    [Fact]
    public async Task the_v3_token_works_as_x_auth_token_on_compute_routes()
    {
        var (token, _) = await Issue(IdentityRequests.V3Pkgcloud(Demo.User, Demo.Password, Demo.TenantId));

        var result = await app.Host.Scenario(x =>
        {
            x.Get.Url("/os-floating-ips");
            x.WithRequestHeader("X-Auth-Token", token);
            x.StatusCodeShouldBe(200);
        });
        (await result.Json())["floating_ips"].ShouldBeOfType<JsonArray>();

        var prefixed = await app.Host.Scenario(x =>
        {
            x.Get.Url($"/v2/{Demo.TenantId}/os-floating-ips");
            x.WithRequestHeader("X-Auth-Token", token);
            x.IgnoreStatusCode();
        });
        prefixed.Status().ShouldBe(200, await prefixed.ReadAsTextAsync());
    }

    [Fact]
    public async Task the_response_carries_an_openstack_request_id()
    {
        var result = await app.Host.PostJson("/v3/auth/tokens", IdentityRequests.V3Pkgcloud(Demo.User, Demo.Password, Demo.TenantId));
        result.Status().ShouldBe(201);
        result.Header("X-Openstack-Request-Id").ShouldNotBeNull().ShouldStartWith("req-");
    }
}
