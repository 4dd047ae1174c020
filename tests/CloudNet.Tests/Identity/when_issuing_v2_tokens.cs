using System.Text.Json.Nodes;
using Alba;
using CloudNet.Tests.Support;

namespace CloudNet.Tests.Identity;

/// <summary><c>POST /v2.0/tokens</c>, Keystone v2 / Rackspace Identity, as pkgcloud and keystoneauth call it.</summary>
public class when_issuing_v2_tokens(AppFixture app) : IClassFixture<AppFixture>
{
    static readonly TestAccount Demo = TestAccount.Demo;

    async Task<JsonObject> Access(string body, Action<Scenario>? more = null)
    {
        var result = await app.Host.PostJson("/v2.0/tokens", body, more);
        var text = await result.ReadAsTextAsync();
        result.Status().ShouldBe(200, text);
        result.Context.Response.ContentType!.ShouldStartWith("application/json");
        return JsonNode.Parse(text)!["access"]!.AsObject();
    }

    [Fact]
    public async Task password_credentials_give_a_token_for_the_users_only_tenant()
    {
        var before = DateTimeOffset.UtcNow;
        var access = await Access(IdentityRequests.V2Password(Demo.User, Demo.Password));

        var token = access["token"]!.AsObject();
        IdentityRequests.OpaqueToken().IsMatch(token["id"].Str()).ShouldBeTrue(token["id"].Str());
        var expires = IdentityRequests.ParseIso8601(token["expires"].Str());
        expires.ShouldBeGreaterThan(before.AddHours(24).AddMinutes(-1));
        expires.ShouldBeLessThan(DateTimeOffset.UtcNow.AddHours(24).AddMinutes(1));
        token["tenant"]!["id"].Str().ShouldBe(Demo.TenantId);
        token["tenant"]!["name"].Str().ShouldBe(Demo.TenantId); // Rackspace: tenant name = tenant id
        token["RAX-AUTH:authenticatedBy"]!.AsArray().Select(m => m.Str()).ShouldBe(["PASSWORD"]);

        var user = access["user"]!.AsObject();
        user["id"].Str().ShouldNotBeNullOrWhiteSpace();
        user["name"].Str().ShouldBe(Demo.User);
        var roles = user["roles"]!.AsArray();
        roles.ShouldNotBeEmpty();
        roles.ShouldAllBe(r => !string.IsNullOrWhiteSpace(r!["name"]!.GetValue<string>()));
    }

    [Fact]
    public async Task an_api_key_gives_a_token_authenticated_by_apikey()
    {
        var access = await Access(IdentityRequests.V2ApiKey(Demo.User, Demo.ApiKey));

        var token = access["token"]!;
        IdentityRequests.OpaqueToken().IsMatch(token["id"].Str()).ShouldBeTrue();
        token["tenant"]!["id"].Str().ShouldBe(Demo.TenantId);
        token["RAX-AUTH:authenticatedBy"]!.AsArray().Select(m => m.Str()).ShouldBe(["APIKEY"]);
        access["user"]!["name"].Str().ShouldBe(Demo.User);
    }

    [Fact]
    public async Task the_user_id_is_stable_across_logins_and_credential_kinds()
    {
        var byPassword = await Access(IdentityRequests.V2Password(Demo.User, Demo.Password));
        var byKey = await Access(IdentityRequests.V2ApiKey(Demo.User, Demo.ApiKey));
        byKey["user"]!["id"].Str().ShouldBe(byPassword["user"]!["id"].Str());
        byKey["token"]!["id"].Str().ShouldNotBe(byPassword["token"]!["id"].Str());
    }

    public static TheoryData<string, string> MatchingTenants => new()
    {
        { "password, tenantId", IdentityRequests.V2Password(TestAccount.Demo.User, TestAccount.Demo.Password, tenantId: TestAccount.Demo.TenantId) },
        { "password, tenantName", IdentityRequests.V2Password(TestAccount.Demo.User, TestAccount.Demo.Password, tenantName: TestAccount.Demo.TenantId) },
        { "api key, tenantId", IdentityRequests.V2ApiKey(TestAccount.Demo.User, TestAccount.Demo.ApiKey, tenantId: TestAccount.Demo.TenantId) },
        { "api key, tenantName", IdentityRequests.V2ApiKey(TestAccount.Demo.User, TestAccount.Demo.ApiKey, tenantName: TestAccount.Demo.TenantId) },
        { "other account, its own tenantId", IdentityRequests.V2Password(TestAccount.Other.User, TestAccount.Other.Password, tenantId: TestAccount.Other.TenantId) },
    };

    [Theory]
    [MemberData(nameof(MatchingTenants))]
    public async Task naming_the_users_own_tenant_is_accepted(string _, string body)
    {
        var access = await Access(body);
        var tenant = access["user"]!["name"].Str() == Demo.User ? Demo.TenantId : TestAccount.Other.TenantId;
        access["token"]!["tenant"]!["id"].Str().ShouldBe(tenant);
        access["serviceCatalog"]!.AsArray().SelectMany(s => s!["endpoints"]!.AsArray())
            .ShouldAllBe(e => e!["tenantId"]!.GetValue<string>() == tenant);
    }

    public static TheoryData<string, string> OtherTenants => new()
    {
        { "password, tenantId", IdentityRequests.V2Password(TestAccount.Demo.User, TestAccount.Demo.Password, tenantId: TestAccount.Other.TenantId) },
        { "password, tenantName", IdentityRequests.V2Password(TestAccount.Demo.User, TestAccount.Demo.Password, tenantName: TestAccount.Other.TenantId) },
        { "api key, tenantId", IdentityRequests.V2ApiKey(TestAccount.Demo.User, TestAccount.Demo.ApiKey, tenantId: TestAccount.Other.TenantId) },
        { "api key, unknown tenantName", IdentityRequests.V2ApiKey(TestAccount.Demo.User, TestAccount.Demo.ApiKey, tenantName: "no-such-tenant") },
    };

    [Theory]
    [MemberData(nameof(OtherTenants))]
    public async Task naming_another_tenant_is_401_in_keystone_format(string _, string body)
    {
        var result = await app.Host.PostJson("/v2.0/tokens", body);
        await result.ShouldBeKeystoneError(401, "Unauthorized");
    }

    public static TheoryData<string, string> BadCredentials => new()
    {
        { "wrong password", IdentityRequests.V2Password("demo", "not-the-password") },
        { "another user's password", IdentityRequests.V2Password("demo", TestAccount.Other.Password) },
        { "unknown user", IdentityRequests.V2Password("nobody", "demo-password") },
        { "wrong api key", IdentityRequests.V2ApiKey("demo", "not-the-key") },
        { "the password as api key", IdentityRequests.V2ApiKey("demo", "demo-password") },
        { "the api key as password", IdentityRequests.V2Password("demo", "demo-api-key") },
        { "empty password", IdentityRequests.V2Password("demo", "") },
    };

    [Theory]
    [MemberData(nameof(BadCredentials))]
    public async Task bad_credentials_are_401_in_keystone_format(string _, string body)
    {
        var result = await app.Host.PostJson("/v2.0/tokens", body);
        await result.ShouldBeKeystoneError(401, "Unauthorized");
        (await result.Json())["error"]!["message"].Str().ShouldBe("Unable to authenticate user with credentials provided.");
    }

    public static TheoryData<string, string> MalformedBodies => new()
    {
        { "truncated JSON", """{"auth":{"passwordCredentials":{"username":"demo","password":"demo-password"}""" },
        { "not JSON", "username=demo&password=demo-password" },
        { "empty object", "{}" },
        { "auth without credentials", """{"auth":{}}""" },
        { "auth is a string", """{"auth":"demo"}""" },
        { "credentials of the wrong type", """{"auth":{"passwordCredentials":5}}""" },
        { "no password", """{"auth":{"passwordCredentials":{"username":"demo"}}}""" },
        { "no username", """{"auth":{"passwordCredentials":{"password":"demo-password"}}}""" },
        { "no api key", """{"auth":{"RAX-KSKEY:apiKeyCredentials":{"username":"demo"}}}""" },
        { "a JSON array", "[]" },
        { "JSON null", "null" },
        { "a JSON string", "\"demo\"" },
        { "auth is null", """{"auth":null}""" },
    };

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task a_malformed_body_is_400_in_keystone_format(string _, string body)
    {
        var result = await app.Host.PostJson("/v2.0/tokens", body);
        await result.ShouldBeKeystoneError(400, "Bad Request");
    }

    [Fact]
    public async Task no_body_at_all_is_400_in_keystone_format()
    {
        var result = await app.Host.Scenario(x =>
        {
            x.Post.Url("/v2.0/tokens");
            x.WithRequestHeader("Content-Type", "application/json");
            x.IgnoreStatusCode();
        });
        await result.ShouldBeKeystoneError(400, "Bad Request");
    }

    [Fact]
    public async Task the_catalog_has_one_entry_per_type_with_distinct_names()
    {
        var access = await Access(IdentityRequests.V2Password(Demo.User, Demo.Password));
        var catalog = access["serviceCatalog"]!.AsArray().Select(s => s!.AsObject()).ToList();

        catalog.Select(s => (s["type"].Str(), s["name"].Str())).OrderBy(t => t.Item1).ShouldBe(
        [
            ("compute", "cloudServersOpenStack"),
            ("identity", "keystone"),
            ("image", "glance"),
            ("network", "cloudNetworks"),
            ("vpc", "vpc"),
        ]);
        foreach (var service in catalog)
        {
            var endpoint = service["endpoints"]!.AsArray().ShouldHaveSingleItem()!;
            endpoint["region"].Str().ShouldBe("RegionOne");
            endpoint["tenantId"].Str().ShouldBe(Demo.TenantId);
            Uri.TryCreate(endpoint["publicURL"].Str(), UriKind.Absolute, out _).ShouldBeTrue(endpoint["publicURL"].Str());
            Uri.TryCreate(endpoint["internalURL"].Str(), UriKind.Absolute, out _).ShouldBeTrue(endpoint["internalURL"].Str());
        }
    }

    [Theory]
    [InlineData("http", "localhost")]
    [InlineData("http", "127.0.0.1:8774")]
    [InlineData("https", "cloud.example.com")]
    [InlineData("https", "cloud.example.com:8443")]
    public async Task catalog_urls_point_back_at_the_address_the_client_used(string scheme, string host)
    {
        var access = await Access(IdentityRequests.V2ApiKey(Demo.User, Demo.ApiKey), x => x.FromAddress(scheme, host));
        var urls = access["serviceCatalog"]!.AsArray().ToDictionary(
            s => s!["type"].Str(),
            s => (Public: s!["endpoints"]![0]!["publicURL"].Str(), Internal: s["endpoints"]![0]!["internalURL"].Str()));

        var root = $"{scheme}://{host}";
        urls["compute"].Public.ShouldBe($"{root}/v2/{Demo.TenantId}");
        urls["network"].Public.ShouldBe($"{root}/v2.0"); // an API key is Rackspace identity: its cloudNetworks endpoint
        urls["vpc"].Public.ShouldBe($"{root}/v1/{Demo.TenantId}");
        urls["identity"].Public.ShouldBe($"{root}/v2.0");
        urls["image"].Public.ShouldBe($"{root}/image");
        foreach (var (type, (publicUrl, internalUrl)) in urls)
            internalUrl.ShouldBe(publicUrl, type);
    }

    [Fact]
    public async Task a_password_login_gets_neutrons_unversioned_root_and_an_api_key_login_the_versioned_endpoint()
    {
        static string NetworkUrl(JsonObject access) => access["serviceCatalog"]!.AsArray()
            .Single(s => s!["type"].Str() == "network")!["endpoints"]![0]!["publicURL"].Str();

        NetworkUrl(await Access(IdentityRequests.V2Password(Demo.User, Demo.Password))).ShouldBe("http://localhost/networking");
        NetworkUrl(await Access(IdentityRequests.V2Password(Demo.User, Demo.Password, tenantId: Demo.TenantId)))
            .ShouldBe("http://localhost/networking");
        NetworkUrl(await Access(IdentityRequests.V2ApiKey(Demo.User, Demo.ApiKey))).ShouldBe("http://localhost/v2.0");
    }

    [Fact]
    public async Task the_token_is_answered_with_an_openstack_request_id()
    {
        var result = await app.Host.PostJson("/v2.0/tokens", IdentityRequests.V2Password(Demo.User, Demo.Password));
        result.Status().ShouldBe(200);
        result.Header("X-Openstack-Request-Id").ShouldNotBeNull().ShouldStartWith("req-");
    }
}
