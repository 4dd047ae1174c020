using System.Collections.Concurrent;
using Alba;
using CloudNet.Tests.Support;

namespace CloudNet.Tests.Reliability.Chaos;

public sealed class TwoNodesBigPool : AppFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["FloatingIpPools:0:Name"] = "default",
        ["FloatingIpPools:0:Cidr"] = "10.100.0.0/20",
        ["Quotas:FloatingIps"] = "100000",
    };
}

/// <summary>
/// Issue 9, scenario 3 at a smaller size (ops/chaos runs 10,000 on two processes): two instances of the service on
/// one database, allocations split between them and between tenants, and explicit-address races sent to both.
/// </summary>
public class two_nodes_on_one_database(TwoNodesBigPool app) : IClassFixture<TwoNodesBigPool>
{
    [Fact]
    public async Task five_hundred_concurrent_allocations_and_explicit_address_races_give_no_duplicate_and_no_5xx()
    {
        var second = await app.StartAnotherHostAsync();
        try
        {
            IAlbaHost[] nodes = [app.Host, second];
            TestAccount[] tenants = [TestAccount.Demo, TestAccount.Other];
            var networks = await app.Host.As(TestAccount.Demo, x => x.Get.Url("/v2.0/networks?router:external=true"));
            var pool = (await networks.Json())["networks"]!.AsArray().Single(n => n!["name"].Str() == "default")!["id"].Str();
            foreach (var node in nodes)
            foreach (var tenant in tenants)
                await node.TokenFor(tenant);

            var statuses = new ConcurrentBag<int>();
            var addresses = new ConcurrentBag<string>();
            var wrong = new ConcurrentBag<string>();
            await Parallel.ForEachAsync(Enumerable.Range(0, 500), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, _) =>
            {
                var result = await nodes[i % 2].As(tenants[i / 2 % 2], x => x.Post.Url("/os-floating-ips"));
                statuses.Add(result.Status());
                if (result.Status() == 202) addresses.Add((await result.Json())["floating_ip"]!["ip"].Str());
                else if (result.Status() is not (409 or 404) || (await result.Json())["conflictingRequest"] is null && (await result.Json())["itemNotFound"] is null)
                    wrong.Add($"{result.Status()} {await result.ReadAsTextAsync()}");
            });

            // The same floating_ip_address to both nodes at once, from both tenants: one 201, one 409 NeutronError.
            var races = await Task.WhenAll(Enumerable.Range(1, 20).Select(async k =>
            {
                var address = $"10.100.15.{k}";
                var replies = await Task.WhenAll(Enumerable.Range(0, 2).Select(side => Task.Run(() => nodes[side].As(tenants[side], x => x.Post
                    .Json(new { floatingip = new { floating_network_id = pool, floating_ip_address = address } })
                    .ToUrl("/v2.0/floatingips")))));
                return (Address: address, Statuses: replies.Select(r => r.Status()).Order().ToArray(),
                    Loser: replies.FirstOrDefault(r => r.Status() != 201) is { } loser ? await loser.Json() : null);
            }));

            wrong.ShouldBeEmpty();
            statuses.Where(s => s >= 500).ShouldBeEmpty();
            statuses.Count(s => s == 202).ShouldBeGreaterThan(450);
            addresses.Distinct().Count().ShouldBe(addresses.Count);
            foreach (var race in races)
            {
                race.Statuses.ShouldBe([201, 409], race.Address);
                race.Loser!["NeutronError"]!["type"].Str().ShouldNotBeNullOrEmpty();
            }

            var invariants = await Invariants.CheckAsync(app.ConnectionString);
            invariants.ShouldBe(new Invariants.Report(0, 0, 0));
            (await Invariants.CountAsync(app.ConnectionString, "select count(*) from cloudnet.mt_doc_floatingip"))
                .ShouldBe(addresses.Count + races.Length);
        }
        finally
        {
            await second.StopAsync();
            await second.DisposeAsync();
        }
    }

    [Fact]
    public async Task the_start_up_seeding_of_both_nodes_seeds_each_well_known_network_once()
    {
        // The only background work: WellKnownNetworkSeeding at start-up, on every node (no async projection, nothing
        // scheduled). Here the second node seeds a database the first already seeded; ops/chaos starts both at once.
        var second = await app.StartAnotherHostAsync();
        try
        {
            (await Invariants.CountAsync(app.ConnectionString, """
                select count(*) from (select stream_id from cloudnet.mt_events
                where correlation_id = 'startup' and type = 'network_created' group by 1 having count(*) > 1) x
                """)).ShouldBe(0);
            (await Invariants.CountAsync(app.ConnectionString,
                "select count(distinct stream_id) from cloudnet.mt_events where correlation_id = 'startup'")).ShouldBeGreaterThanOrEqualTo(2);
        }
        finally
        {
            await second.StopAsync();
            await second.DisposeAsync();
        }
    }
}
