using CloudNet.Quotas;
using CloudNet.Tests.Admin.Tenants;
using CloudNet.Tests.Networks.Ports;
using CloudNet.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static CloudNet.Tests.Compute.ParallelHttp;

namespace CloudNet.Tests.Networks;

/// <summary>
/// The tenant's count is striped, each stripe with an allowance dealt out of the limit (<see cref="TakeQuota"/>): creates pass
/// on their own stripe within its allowance, and lock every stripe and deal the room out again near the limit or when the
/// limit changed. At a quota of 40 (two or three per stripe) parallel creates cross both paths and the dealing out, and must
/// still meet the limit exactly.
/// </summary>
public class when_creates_race_a_striped_quota(AppFixture app) : IClassFixture<AppFixture>
{
    sealed record Stripe(int Number, int Held, int Allowance, int? DealtFor);

    async Task<List<Stripe>> StripesOf(TestAccount tenant)
    {
        var schema = app.Host.Services.GetRequiredService<IDocumentStore>().Options.DatabaseSchemaName;
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"select stripe, held, allowance, allowance_limit from {schema}.{QuotaUsageProjection.UsageTable} " +
            "where tenant_id = @tenant and resource = 'port' order by stripe", connection);
        command.Parameters.AddWithValue("tenant", tenant.TenantId);
        var stripes = new List<Stripe>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            stripes.Add(new Stripe(reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2), reader.IsDBNull(3) ? null : reader.GetInt32(3)));
        return stripes;
    }

    async Task SetPortQuota(TestAccount tenant, int ports) =>
        (await app.Host.As(TestAccount.Admin, x => x.Put.Json(new { quota = new { port = ports } }).ToUrl($"/v2.0/quotas/{tenant.TenantId}")))
            .Status().ShouldBe(200);

    async Task<int> PortsUsed(TestAccount tenant) =>
        (await (await app.Host.As(TestAccount.Admin, x => x.Get.Url($"/v2.0/quotas/{tenant.TenantId}/details"))).Json())["quota"]!["port"]!["used"]!
        .GetValue<int>();

    async Task<(TestAccount Tenant, string NetworkId)> TenantWithNetwork(string name, string cidr)
    {
        var tenant = await app.Host.NewTenant(name);
        var network = await app.Host.CreateNetwork(tenant, name);
        await app.Host.CreateSubnet(tenant, network["id"].Str(), cidr);
        return (tenant, network["id"].Str());
    }

    static async Task<Reply[]> CreatePorts(HttpClient client, string networkId, int count) =>
        await SendAll(client, Enumerable.Range(0, count).Select(_ => (HttpMethod.Post, "/v2.0/ports", (string?)Json(new { port = new { network_id = networkId } }))));

    [Fact]
    public async Task parallel_creates_at_a_quota_of_forty_meet_it_exactly_across_both_paths()
    {
        var (tenant, networkId) = await TenantWithNetwork("striped-race", "10.60.0.0/24");
        await SetPortQuota(tenant, 40);

        // The first create finds no allowance: it locks every stripe and deals the 39 left out, two or three to a stripe.
        await app.Host.CreatePort(tenant, new { network_id = networkId });
        var dealt = await StripesOf(tenant);
        dealt.Count.ShouldBe(QuotaUsageProjection.Stripes);
        dealt.ShouldAllBe(s => s.DealtFor == 40 && s.Allowance - s.Held >= 2);
        dealt.Sum(s => s.Allowance).ShouldBe(40);
        // The second passes on its own stripe, within its allowance: nothing is dealt again.
        await app.Host.CreatePort(tenant, new { network_id = networkId });
        var fast = await StripesOf(tenant);
        fast.Select(s => s.Allowance).ShouldBe(dealt.Select(s => s.Allowance));
        fast.Sum(s => s.Held).ShouldBe(2);

        using var client = await ClientFor(app, tenant);
        var replies = await CreatePorts(client, networkId, 56);
        replies.ShouldHaveNoServerErrors();
        replies.Count(r => r.Status == 201).ShouldBe(38, string.Join("\n", replies.Select(r => $"{r.Status} {r.Body}").Distinct()));
        replies.Where(r => r.Status != 201).ShouldAllBe(r => r.Status == 409 && r.Body.Contains("OverQuota"));
        (await app.Host.ListPorts(tenant)).Count.ShouldBe(40);
        (await PortsUsed(tenant)).ShouldBe(40);
        (await StripesOf(tenant)).Sum(s => s.Held).ShouldBe(40);

        // Deletes lower what is held and leave the allowances: the room they give back comes with the next deal.
        foreach (var port in (await app.Host.ListPorts(tenant)).Take(5))
            (await app.Host.DeletePort(tenant, port!["id"].Str())).Status().ShouldBe(204);
        var again = await CreatePorts(client, networkId, 12);
        again.ShouldHaveNoServerErrors();
        again.Count(r => r.Status == 201).ShouldBe(5);
        (await PortsUsed(tenant)).ShouldBe(40);
    }

    [Fact]
    public async Task a_lowered_limit_refuses_at_once_and_a_raised_one_gives_its_room()
    {
        var (tenant, networkId) = await TenantWithNetwork("striped-lowered", "10.61.0.0/24");
        await SetPortQuota(tenant, 40);
        for (var i = 0; i < 3; i++) await app.Host.CreatePort(tenant, new { network_id = networkId });
        (await StripesOf(tenant)).ShouldAllBe(s => s.DealtFor == 40);

        // Every stripe still has room dealt for 40: the new limit must win over it.
        await SetPortQuota(tenant, 3);
        await (await app.Host.PostPort(tenant, new { network_id = networkId })).ShouldBeNeutronError(409, "OverQuota");

        await SetPortQuota(tenant, 5);
        using var client = await ClientFor(app, tenant);
        var replies = await CreatePorts(client, networkId, 6);
        replies.ShouldHaveNoServerErrors();
        replies.Count(r => r.Status == 201).ShouldBe(2);
        (await PortsUsed(tenant)).ShouldBe(5);
        (await StripesOf(tenant)).ShouldAllBe(s => s.DealtFor == 5);
    }

    [Fact]
    public async Task the_default_group_made_without_a_check_does_not_let_the_others_past_the_limit()
    {
        var tenant = await app.Host.NewTenant("striped-default-group");
        (await app.Host.As(TestAccount.Admin, x => x.Put.Json(new { quota = new { security_group = 3 } }).ToUrl($"/v2.0/quotas/{tenant.TenantId}")))
            .Status().ShouldBe(200);
        // The first group's check deals the room out before the project's default group (never refused) is counted with it.
        (await app.Host.As(tenant, x => x.Post.Json(new { security_group = new { name = "first" } }).ToUrl("/v2.0/security-groups")))
            .Status().ShouldBe(201);

        using var client = await ClientFor(app, tenant);
        var replies = await SendAll(client, Enumerable.Range(0, 8)
            .Select(i => (HttpMethod.Post, "/v2.0/security-groups", (string?)Json(new { security_group = new { name = $"more-{i}" } }))));
        replies.ShouldHaveNoServerErrors();
        replies.Count(r => r.Status == 201).ShouldBe(1, string.Join("\n", replies.Select(r => $"{r.Status} {r.Body}").Distinct()));
        var used = (await (await app.Host.As(TestAccount.Admin, x => x.Get.Url($"/v2.0/quotas/{tenant.TenantId}/details"))).Json())
            ["quota"]!["security_group"]!["used"]!.GetValue<int>();
        used.ShouldBe(3);
    }
}
