using System.Collections.Concurrent;
using CloudNet.Tests.Networks;
using CloudNet.Tests.Support;

namespace CloudNet.Tests.Limits;

/// <summary>
/// Rackspace's absolute limit <c>maxTotalPrivateNetworks</c> (10), enforced when limits are on: the eleventh
/// tenant network through <c>POST /os-networksv2</c> is refused as nova refuses over quota, 403 <c>forbidden</c>.
/// </summary>
public class when_private_networks_reach_their_limit(LimitsOn app) : IClassFixture<LimitsOn>
{
    static object Network(int i) => new { network = new { cidr = $"192.168.{i}.0/24", label = $"net-{i}" } };

    [Fact]
    public async Task the_eleventh_is_403_forbidden_and_a_delete_makes_room()
    {
        var ids = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            var created = await app.Host.As(TestAccount.Demo, x => x.Post.Json(Network(i)).ToUrl("/os-networksv2"));
            created.Status().ShouldBe(200, await created.ReadAsTextAsync());
            ids.Add((await created.Json())["network"]!["id"].Str());
        }

        var refused = await app.Host.As(TestAccount.Demo, x => x.Post.Json(Network(10)).ToUrl("/os-networksv2"));

        (await refused.ShouldBeNovaFault(403, "forbidden")).ShouldContain("maxTotalPrivateNetworks is 10");
        (await app.Host.ListNetworks(TestAccount.Demo)).Count.ShouldBe(13); // PublicNet, ServiceNet, the default pool (external) and ten

        // A bad body is still a 400: the body is checked before the limit.
        (await app.Host.As(TestAccount.Demo, x => x.Post.Json(new { network = new { label = "no-cidr" } }).ToUrl("/os-networksv2")))
            .Status().ShouldBe(400);

        (await app.Host.As(TestAccount.Demo, x => x.Delete.Url($"/os-networksv2/{ids[0]}"))).Status().ShouldBe(202);
        (await app.Host.As(TestAccount.Demo, x => x.Post.Json(Network(10)).ToUrl("/os-networksv2"))).Status().ShouldBe(200);
    }

    [Fact]
    public async Task parallel_creates_never_pass_the_limit()
    {
        var statuses = new ConcurrentBag<int>();
        await Parallel.ForEachAsync(Enumerable.Range(0, 15), new ParallelOptions { MaxDegreeOfParallelism = 15 }, async (i, _) =>
            statuses.Add((await app.Host.As(TestAccount.Other, x => x.Post.Json(Network(i)).ToUrl("/os-networksv2"))).Status()));

        statuses.Count(s => s == 200).ShouldBe(10);
        statuses.Count(s => s == 403).ShouldBe(5);
    }
}
