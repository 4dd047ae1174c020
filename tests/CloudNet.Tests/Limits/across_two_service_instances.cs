using System.Collections.Concurrent;
using Alba;
using CloudNet.Tests.Support;

namespace CloudNet.Tests.Limits;

/// <summary>Two instances of the service on one database count one tenant's requests together: the counters live in PostgreSQL.</summary>
public class across_two_service_instances(LimitsOn app) : IClassFixture<LimitsOn>
{
    [Fact]
    public async Task the_counter_is_shared()
    {
        app.Clock.StartFreshHour();
        var second = await app.StartAnotherHostAsync();
        try
        {
            await app.Host.AllocateFloatingIp(TestAccount.Demo);
            await second.AllocateFloatingIp(TestAccount.Demo);
            await app.Host.AllocateFloatingIp(TestAccount.Demo);

            var onSecond = await second.As(TestAccount.Demo, x => x.Post.Url("/os-floating-ips"));
            var onFirst = await app.Host.As(TestAccount.Demo, x => x.Post.Url("/os-floating-ips"));

            await onSecond.ShouldBeNovaFault(413, "overLimit");
            await onFirst.ShouldBeNovaFault(413, "overLimit");
            (await second.ListFloatingIps(TestAccount.Demo)).Count.ShouldBe(3);
        }
        finally
        {
            await second.StopAsync();
            await second.DisposeAsync();
        }
    }

    [Fact]
    public async Task parallel_requests_on_both_never_pass_the_limit_and_refusals_count_nowhere()
    {
        var now = when_showing_limits.Iso(app.Clock.StartFreshHour());
        var second = await app.StartAnotherHostAsync();
        try
        {
            IAlbaHost[] nodes = [app.Host, second];
            var statuses = new ConcurrentBag<int>();
            await Parallel.ForEachAsync(Enumerable.Range(0, 30), new ParallelOptions { MaxDegreeOfParallelism = 15 }, async (i, _) =>
                statuses.Add((await nodes[i % 2].As(TestAccount.Other, x => x.Post.Url("/os-floating-ips"))).Status()));

            statuses.Count(s => s == 202).ShouldBe(3);
            statuses.Count(s => s == 413).ShouldBe(27);

            var limits = await second.As(TestAccount.Other, x => x.Get.Url("/limits"));
            var rate = (await limits.Json())["limits"]!["rate"]!.AsArray();
            when_showing_limits.Limit(rate, "*", "POST").ShouldBe(("MINUTE", 100, 97, now));
            when_showing_limits.Limit(rate, "/os-floating-ips", "POST").Remaining.ShouldBe(0);
        }
        finally
        {
            await second.StopAsync();
            await second.DisposeAsync();
        }
    }
}
