using CloudNet.Tests.Admin.Tenants;
using System.Collections.Concurrent;
using Alba;
using CloudNet.Tests.Limits;
using CloudNet.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace CloudNet.Tests.Admin.Faults;

/// <summary>Fault tests on a clock the test moves: an instance checks the rule version once its refresh interval has passed.</summary>
public sealed class FaultsOnAManualClock : FaultsApp
{
    public ManualClock Clock { get; } = new(new DateTimeOffset(2030, 1, 1, 0, 0, 10, TimeSpan.Zero));

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(Clock);
}

/// <summary>Two instances of the service on one database apply the same rules and count their firings together.</summary>
public class across_two_service_instances(FaultsOnAManualClock app) : IClassFixture<FaultsOnAManualClock>
{
    [Fact]
    public async Task a_rule_added_on_one_applies_on_the_other_after_its_refresh_interval_and_the_count_is_shared()
    {
        var tenant = await app.Host.NewTenant("faults");
        var second = await app.StartAnotherHostAsync();
        try
        {
            // The second instance has read the rules (there are none for the tenant) before the rule is added.
            (await second.PostFloatingIp(tenant)).Status().ShouldBe(202);
            var rule = await app.Host.AddFault(new { tenant_id = tenant.TenantId, method = "POST", path = "/os-floating-ips", status = 503, count = 4 });

            // Within its refresh interval the second instance still applies what it read; once the interval has passed,
            // it checks the version, sees the rule, and both instances fail exactly four requests between them.
            (await second.PostFloatingIp(tenant)).Status().ShouldBe(202);
            app.Clock.Advance(TimeSpan.FromSeconds(1));

            IAlbaHost[] nodes = [app.Host, second];
            var statuses = new ConcurrentBag<int>();
            await Parallel.ForEachAsync(Enumerable.Range(0, 16), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
                statuses.Add((await nodes[i % 2].PostFloatingIp(tenant)).Status()));

            statuses.Count(s => s == 503).ShouldBe(4);
            statuses.Count(s => s == 202).ShouldBe(12);
            (await second.ShowFault(rule["id"].Str()))["fired"]!.GetValue<int>().ShouldBe(4);

            // A removal through the second instance applies there at once, and on the first after its interval.
            await second.As(TestAccount.Admin, x => x.Delete.Url($"/_cloudnet/faults?tenant_id={tenant.TenantId}"));
            var again = await app.Host.AddFault(new { tenant_id = tenant.TenantId, method = "GET", path = "/os-floating-ips", status = 500 });
            (await app.Host.As(tenant, x => x.Get.Url("/os-floating-ips"))).Status().ShouldBe(500);
            await second.As(TestAccount.Admin, x => x.Delete.Url($"/_cloudnet/faults/{again["id"].Str()}"));
            (await second.As(tenant, x => x.Get.Url("/os-floating-ips"))).Status().ShouldBe(200);
            app.Clock.Advance(TimeSpan.FromSeconds(1));
            (await app.Host.As(tenant, x => x.Get.Url("/os-floating-ips"))).Status().ShouldBe(200);
        }
        finally
        {
            await second.StopAsync();
            await second.DisposeAsync();
        }
    }
}
