using System.Collections.Concurrent;
using Alba;
using CloudNet.Tests.Support;

namespace CloudNet.Tests.Ipam;

public sealed class TwoInstancesSmallPool : AppFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["FloatingIpPools:0:Name"] = "default",
        ["FloatingIpPools:0:Cidr"] = "203.0.113.0/27",
        ["Quotas:FloatingIps"] = "1000",
    };
}

/// <summary>
/// Two instances of the service on one database share nothing in memory: only PostgreSQL keeps them from
/// handing out one address twice.
/// </summary>
public class across_two_service_instances(TwoInstancesSmallPool app) : IClassFixture<TwoInstancesSmallPool>
{
    [Fact]
    public async Task parallel_allocations_split_between_them_never_share_an_address()
    {
        var second = await app.StartAnotherHostAsync();
        try
        {
            IAlbaHost[] nodes = [app.Host, second];
            var addresses = new ConcurrentBag<string>();
            var statuses = new ConcurrentBag<int>();
            await Parallel.ForEachAsync(Enumerable.Range(0, 48), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
            {
                var result = await nodes[i % 2].As(TestAccount.Demo, x => x.Post.Url("/os-floating-ips"));
                statuses.Add(result.Status());
                if (result.Status() == 202) addresses.Add((await result.Json())["floating_ip"]!["ip"].Str());
            });

            // A /27 has 30 usable addresses; the other 18 requests find the pool exhausted.
            statuses.Count(s => s == 202).ShouldBe(30);
            statuses.Where(s => s != 202).ShouldAllBe(s => s == 404);
            addresses.Distinct().Count().ShouldBe(30);

            var listedByFirst = await app.Host.ListFloatingIps(TestAccount.Demo);
            var listedBySecond = await second.ListFloatingIps(TestAccount.Demo);
            listedByFirst.Count.ShouldBe(30);
            listedBySecond.ToJsonString().ShouldBe(listedByFirst.ToJsonString());
        }
        finally
        {
            await second.StopAsync();
            await second.DisposeAsync();
        }
    }
}
