using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Alba;
using CloudNet.Identity.Tokens;
using CloudNet.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace CloudNet.Tests.Identity;

/// <summary>What a token (or HTTP Basic) buys on the compute routes, and what happens to one that is unknown,
/// expired, or presented to another instance of the service.</summary>
public class when_using_tokens(AppFixture app) : IClassFixture<AppFixture>
{
    static readonly TestAccount Demo = TestAccount.Demo;

    static Task<IScenarioResult> Get(IAlbaHost host, string url, string? token) => host.Scenario(x =>
    {
        x.Get.Url(url);
        if (token is not null) x.WithRequestHeader("X-Auth-Token", token);
        x.IgnoreStatusCode();
    });

    async Task<string> FreshToken(IAlbaHost host, TestAccount account)
    {
        var result = await host.PostJson("/v2.0/tokens", IdentityRequests.V2Password(account.User, account.Password));
        result.Status().ShouldBe(200);
        return (await result.Json())["access"]!["token"]!["id"].Str();
    }

    static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    [Theory]
    [InlineData("/os-floating-ips")]
    [InlineData("/os-floating-ip-pools")]
    [InlineData("/servers")]
    [InlineData("/v2/7a3c5e0f9b2d4c6e8f1a3b5c7d9e0f12/os-floating-ips")]
    [InlineData("/v2.1/7a3c5e0f9b2d4c6e8f1a3b5c7d9e0f12/servers")]
    public async Task an_issued_token_works_on_compute_routes(string url)
    {
        var result = await Get(app.Host, url, await FreshToken(app.Host, Demo));
        result.Status().ShouldBe(200, await result.ReadAsTextAsync());
        result.Context.Response.ContentType!.ShouldStartWith("application/json");
    }

    [Fact]
    public async Task a_token_acts_for_its_own_tenant_only()
    {
        var demo = await FreshToken(app.Host, Demo);
        var other = await FreshToken(app.Host, TestAccount.Other);
        var allocated = await app.Host.Scenario(x =>
        {
            x.Post.Url("/os-floating-ips");
            x.WithRequestHeader("X-Auth-Token", demo);
            x.StatusCodeShouldBe(202);
        });
        var id = (await allocated.Json())["floating_ip"]!["id"].Str();

        (await Get(app.Host, $"/os-floating-ips/{id}", demo)).Status().ShouldBe(200);
        var asOther = await Get(app.Host, $"/os-floating-ips/{id}", other);
        await asOther.ShouldBeNovaFault(404, "itemNotFound");
    }

    [Fact]
    public async Task a_tenant_in_the_path_that_is_not_the_callers_is_refused()
    {
        var result = await Get(app.Host, $"/v2/{TestAccount.Other.TenantId}/os-floating-ips", await FreshToken(app.Host, Demo));
        result.Status().ShouldBeInRange(400, 404);
        result.Context.Response.ContentType!.ShouldStartWith("application/json");
    }

    public static TheoryData<string> UnknownTokens => new()
    {
        "garbage",
        "0123456789abcdef0123456789abcdef",
        new string('f', 64),
        "not a token at all; with spaces",
    };

    [Theory]
    [MemberData(nameof(UnknownTokens))]
    public async Task an_unknown_token_is_401_unauthorized_in_nova_format(string token)
    {
        var result = await Get(app.Host, "/os-floating-ips", token);
        await result.ShouldBeNovaFault(401, "unauthorized");
        (await result.Json())["unauthorized"]!.AsObject().Select(p => p.Key).Order().ShouldBe(["code", "message"]);
    }

    [Fact]
    public async Task the_token_hash_is_not_a_token()
    {
        // Tokens are stored by their SHA-256: what a database dump holds must not open the door.
        var token = await FreshToken(app.Host, Demo);
        var result = await Get(app.Host, "/os-floating-ips", Hash(token));
        await result.ShouldBeNovaFault(401, "unauthorized");
    }

    [Fact]
    public async Task no_credentials_at_all_is_401_in_nova_json()
    {
        var result = await Get(app.Host, "/servers", token: null);
        await result.ShouldBeNovaFault(401, "unauthorized");
    }

    [Theory]
    [InlineData("demo", "demo-password")]
    [InlineData("demo", "demo-api-key")]
    public async Task http_basic_with_the_password_or_the_api_key_works(string user, string secret)
    {
        var result = await app.Host.Scenario(x =>
        {
            x.Get.Url("/os-floating-ips");
            x.WithRequestHeader("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{secret}")));
            x.IgnoreStatusCode();
        });
        result.Status().ShouldBe(200, await result.ReadAsTextAsync());
    }

    [Fact]
    public async Task the_token_itself_is_never_stored()
    {
        var token = await FreshToken(app.Host, Demo);
        await using var session = app.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        (await session.LoadAsync<IssuedToken>(token)).ShouldBeNull();
        var stored = (await session.LoadAsync<IssuedToken>(Hash(token))).ShouldNotBeNull();
        stored.UserName.ShouldBe(Demo.User);
        stored.TenantId.ShouldBe(Demo.TenantId);
        (stored.ExpiresAt - stored.IssuedAt).ShouldBe(TimeSpan.FromHours(24));
    }

    [Fact]
    public async Task tokens_survive_a_restart_of_the_service()
    {
        var issuedBefore = await FreshToken(app.Host, Demo);

        var restarted = await app.StartAnotherHostAsync();
        try
        {
            // The new instance shares no memory with the first: the token must come from PostgreSQL.
            var result = await Get(restarted, "/os-floating-ips", issuedBefore);
            result.Status().ShouldBe(200, await result.ReadAsTextAsync());

            // And the other way round: a token the new instance issued works on the first one.
            var issuedAfter = await FreshToken(restarted, TestAccount.Other);
            (await Get(app.Host, "/os-floating-ips", issuedAfter)).Status().ShouldBe(200);
        }
        finally
        {
            await restarted.StopAsync();
            await restarted.DisposeAsync();
        }
    }

    async Task<string> StoreToken(DateTimeOffset issuedAt, DateTimeOffset expiresAt, string user = "demo", string tenant = "7a3c5e0f9b2d4c6e8f1a3b5c7d9e0f12")
    {
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        await using var session = app.Host.Services.GetRequiredService<IDocumentStore>().LightweightSession();
        session.Store(new IssuedToken(Hash(token), user, tenant, issuedAt, expiresAt));
        await session.SaveChangesAsync();
        return token;
    }

    [Fact]
    public async Task a_stored_token_that_has_not_expired_is_accepted()
    {
        // The control for the next test: a token written straight to the store is honoured.
        var now = DateTimeOffset.UtcNow;
        var token = await StoreToken(now.AddHours(-1), now.AddHours(1));
        (await Get(app.Host, "/os-floating-ips", token)).Status().ShouldBe(200);
    }

    [Fact]
    public async Task an_expired_token_is_refused()
    {
        var now = DateTimeOffset.UtcNow;
        var token = await StoreToken(now.AddHours(-25), now.AddSeconds(-1));
        var result = await Get(app.Host, "/os-floating-ips", token);
        await result.ShouldBeNovaFault(401, "unauthorized");
    }

    [Fact]
    public async Task a_stored_token_whose_account_no_longer_matches_is_refused()
    {
        var now = DateTimeOffset.UtcNow;
        var unknownUser = await StoreToken(now, now.AddHours(1), user: "removed-user");
        var movedTenant = await StoreToken(now, now.AddHours(1), tenant: TestAccount.Other.TenantId);
        await (await Get(app.Host, "/os-floating-ips", unknownUser)).ShouldBeNovaFault(401, "unauthorized");
        await (await Get(app.Host, "/os-floating-ips", movedTenant)).ShouldBeNovaFault(401, "unauthorized");
    }
}
