using System.Text.Json.Nodes;
using CloudNet.Tests.Support;

namespace CloudNet.Tests.History.Fill;

/// <summary><c>GET /history/networks/{id}/fill</c>: a pool's (or network's) held addresses over time, from the holdings.</summary>
public class when_charting_a_pools_fill(AppFixture app) : IClassFixture<AppFixture>
{
    // The default pool as a network (Neutron's external network, history's network_id).
    static readonly string DefaultPool = CloudNet.Compute.FloatingIps.Pools.FloatingIpPool.NetworkIdOf("default").ToString();

    async Task<JsonNode> Fill(string query)
    {
        var result = await app.Host.As(TestAccount.Demo, x => x.Get.Url($"/history/networks/{DefaultPool}/fill{query}"));
        result.Status().ShouldBe(200, await result.ReadAsTextAsync());
        return await result.Json();
    }

    static DateTimeOffset Time(JsonNode? node) => DateTimeOffset.Parse(node.Str());

    [Fact]
    public async Task the_buckets_count_what_was_held_opened_and_closed()
    {
        // Three allocations and one release, then the fill of the span that holds them, in one bucket and in many.
        var first = await app.Host.AllocateFloatingIp(TestAccount.Demo);
        await app.Host.AllocateFloatingIp(TestAccount.Other);
        await app.Host.AllocateFloatingIp(TestAccount.Demo);
        (await app.Host.ReleaseFloatingIp(TestAccount.Demo, first["id"].Str())).Status().ShouldBe(202);
        var events = await app.Host.As(TestAccount.Demo, x => x.Get.Url($"/history/floating-ips/{first["id"].Str()}/events"));
        var allocatedAt = Time((await events.Json())["events"]![0]!["timestamp"]);
        var start = allocatedAt.AddTicks(-10); // just before the first allocation
        var end = DateTimeOffset.UtcNow.AddSeconds(1);
        var range = $"?from={Uri.EscapeDataString(start.ToString("O"))}&to={Uri.EscapeDataString(end.ToString("O"))}";

        var whole = await Fill(range + "&buckets=1");
        var before = whole["held_at_start"]!.GetValue<long>();
        whole["size"]!.GetValue<double>().ShouldBe(254);
        var bucket = whole["buckets"]!.AsArray().Single()!;
        bucket["opened"]!.GetValue<long>().ShouldBe(3);
        bucket["closed"]!.GetValue<long>().ShouldBe(1);
        bucket["held"]!.GetValue<long>().ShouldBe(before + 2);
        bucket["peak"]!.GetValue<long>().ShouldBe(before + 3);

        var fine = await Fill(range + "&buckets=200");
        var buckets = fine["buckets"]!.AsArray();
        buckets.Count.ShouldBe(200);
        Time(buckets[0]!["from"]).ShouldBe(start);
        Time(buckets[^1]!["to"]).ShouldBe(end);
        buckets.Sum(b => b!["opened"]!.GetValue<long>()).ShouldBe(3);
        buckets.Sum(b => b!["closed"]!.GetValue<long>()).ShouldBe(1);
        buckets[^1]!["held"]!.GetValue<long>().ShouldBe(before + 2);
        buckets.Max(b => b!["peak"]!.GetValue<long>()).ShouldBe(before + 3);
    }

    [Theory]
    [InlineData("?buckets=0")]
    [InlineData("?buckets=501")]
    [InlineData("?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z")]
    [InlineData("?from=yesterday")]
    public async Task a_bad_query_is_a_400(string query)
    {
        var result = await app.Host.As(TestAccount.Demo, x => x.Get.Url($"/history/networks/{DefaultPool}/fill{query}"));
        result.Status().ShouldBe(400);
        (await result.Json())["code"].Str().ShouldBe("BadHistoryQuery");
    }

    [Theory]
    [InlineData("?to=0001-01-01T00:30:00Z")]  // the default hour before it would fall off the calendar
    [InlineData("?from=0001-01-01T00:00:00Z&to=9999-12-31T23:59:59Z&buckets=500")]
    public async Task the_ends_of_the_calendar_are_answered(string query) =>
        (await Fill(query))["buckets"]!.AsArray().ShouldNotBeEmpty();

    [Fact]
    public async Task another_tenants_network_is_not_found()
    {
        var created = await app.Host.As(TestAccount.Other, x => x.Post.Json(new { network = new { cidr = "192.168.9.0/24", label = "theirs" } })
            .ToUrl("/os-networksv2"));
        var theirs = (await created.Json())["network"]!["id"].Str();
        (await app.Host.As(TestAccount.Demo, x => x.Get.Url($"/history/networks/{theirs}/fill"))).Status().ShouldBe(404);
        var own = await app.Host.As(TestAccount.Other, x => x.Get.Url($"/history/networks/{theirs}/fill?buckets=3"));
        own.Status().ShouldBe(200);
        var body = await own.Json();
        body["size"]!.GetValue<double>().ShouldBe(253);
        body["buckets"]!.AsArray().Select(b => b!["held"]!.GetValue<long>()).ShouldBe([0L, 0L, 0L]);
    }
}
