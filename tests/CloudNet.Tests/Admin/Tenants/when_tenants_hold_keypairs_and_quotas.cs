using System.Text.Json.Nodes;
using CloudNet.Tests.History;
using CloudNet.Tests.Support;

namespace CloudNet.Tests.Admin.Tenants;

/// <summary>
/// Keypairs and an admin's quotas through the admin API: a reset deletes the tenant's keypairs (as events) and keeps its
/// quotas (they are the test's set-up); a fork copies both, the keypairs to the fork's own user.
/// </summary>
public class when_tenants_hold_keypairs_and_quotas(RoomyTenants app) : IClassFixture<RoomyTenants>
{
    async Task<JsonNode> Ok(TestAccount account, string url)
    {
        var result = await app.Host.As(account, x => x.Get.Url(url));
        var text = await result.ReadAsTextAsync();
        result.Status().ShouldBe(200, $"{url}: {text}");
        return JsonNode.Parse(text)!;
    }

    async Task<JsonNode> Keypair(TestAccount account, string name)
    {
        var result = await app.Host.As(account, x => x.Post.Json(new { keypair = new { name } }).ToUrl("/os-keypairs"));
        result.Status().ShouldBe(200, await result.ReadAsTextAsync());
        return (await result.Json())["keypair"]!;
    }

    async Task SetFloatingIpQuota(string tenantId, int limit) =>
        (await app.Host.As(TestAccount.Admin, x => x.Put.Json(new { quota_set = new { floating_ips = limit } }).ToUrl($"/os-quota-sets/{tenantId}")))
            .Status().ShouldBe(200);

    static List<string> Names(JsonNode list) => list["keypairs"]!.AsArray().Select(k => k!["keypair"]!["name"].Str()).Order().ToList();

    [Fact]
    public async Task a_reset_deletes_the_keypairs_and_keeps_the_quotas()
    {
        var tenant = await app.Host.NewTenant("keys-reset");
        await Keypair(tenant, "one");
        await Keypair(tenant, "two");
        await SetFloatingIpQuota(tenant.TenantId, 3);

        var reset = await app.Host.Reset(tenant.TenantId);

        reset["keypairs"]!.GetValue<int>().ShouldBe(2);
        Names(await Ok(tenant, "/os-keypairs")).ShouldBeEmpty();
        var log = await app.Host.EventsOf(tenant, "keypairs", "one");
        log.Select(e => e!["type"].Str()).ShouldBe(["keypair_created", "keypair_deleted"]);
        log[^1]!["command"].Str().ShouldBe("ResetTenant");
        (await Ok(tenant, $"/os-quota-sets/{tenant.TenantId}"))["quota_set"]!["floating_ips"]!.GetValue<int>().ShouldBe(3);
        await Keypair(tenant, "one");
    }

    [Fact]
    public async Task a_fork_holds_the_keypairs_as_its_own_users_and_the_quotas_as_they_were()
    {
        var original = await app.Host.NewTenant("keys-original");
        var kept = await Keypair(original, "kept");
        await Keypair(original, "later-deleted");
        await SetFloatingIpQuota(original.TenantId, 4);
        (await app.Host.As(original, x => x.Delete.Url("/os-keypairs/later-deleted"))).Status().ShouldBe(202);
        await SetFloatingIpQuota(original.TenantId, 7);
        // The point: just before the delete (the quota of 4 was the event before it).
        var point = (await app.Host.EventsOf(original, "keypairs", "later-deleted"))[^1]!["sequence"]!.GetValue<long>() - 1;

        var forked = await app.Host.As(TestAccount.Admin, x => x.Post.Json(new { sequence = point }).ToUrl($"/_cloudnet/tenants/{original.TenantId}/fork"));
        var answer = JsonNode.Parse(await forked.ReadAsTextAsync())!;
        forked.Status().ShouldBe(201, answer.ToJsonString());
        var credentials = answer["credentials"]!;
        var fork = new TestAccount(credentials["user"].Str(), credentials["password"].Str(), credentials["api_key"].Str(), credentials["project_id"].Str());

        Names(await Ok(fork, "/os-keypairs")).ShouldBe(["kept", "later-deleted"]);
        var copy = (await Ok(fork, "/os-keypairs/kept"))["keypair"]!;
        (copy["fingerprint"].Str(), copy["public_key"].Str()).ShouldBe((kept["fingerprint"].Str(), kept["public_key"].Str()));
        var login = await app.Host.Scenario(x => x.Post.Json(new { auth = new { passwordCredentials = new { username = fork.User, password = fork.Password } } })
            .ToUrl("/v2.0/tokens"));
        copy["user_id"].Str().ShouldBe((await login.Json())["access"]!["user"]!["id"].Str());
        copy["user_id"].Str().ShouldNotBe(kept["user_id"].Str());
        (await app.Host.EventsOf(fork, "keypairs", "kept")).ShouldHaveSingleItem()!["type"].Str().ShouldBe("keypair_created");
        (await Ok(fork, $"/os-quota-sets/{fork.TenantId}"))["quota_set"]!["floating_ips"]!.GetValue<int>().ShouldBe(4);

        // Each goes on alone: the original's user does not see the fork's keypairs, nor the other way round.
        Names(await Ok(original, "/os-keypairs")).ShouldBe(["kept"]);
        (await app.Host.As(fork, x => x.Delete.Url("/os-keypairs/kept"))).Status().ShouldBe(202);
        Names(await Ok(original, "/os-keypairs")).ShouldBe(["kept"]);
        (await Ok(original, $"/os-quota-sets/{original.TenantId}"))["quota_set"]!["floating_ips"]!.GetValue<int>().ShouldBe(7);
    }
}
