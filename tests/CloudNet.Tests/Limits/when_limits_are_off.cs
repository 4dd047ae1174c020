using CloudNet.Tests.Support;

namespace CloudNet.Tests.Limits;

/// <summary>
/// The default: the same rules configured but not enforced. Nothing is refused, nothing is counted (not one row
/// in the counter table), and <c>GET /limits</c> still reports every limit, untouched.
/// </summary>
public class when_limits_are_off(LimitsOff app) : IClassFixture<LimitsOff>
{
    [Fact]
    public async Task no_request_is_ever_413_and_nothing_is_counted()
    {
        app.Clock.StartFreshHour();
        for (var i = 0; i < 5; i++) await app.Host.AllocateFloatingIp(TestAccount.Demo);
        for (var i = 0; i < 6; i++)
            (await app.Host.As(TestAccount.Demo, x => x.Post.Json(new { virtual_interface = new { network_id = Scenarios.ServiceNet } })
                .ToUrl($"/servers/{Guid.NewGuid()}/os-virtual-interfacesv2"))).Status().ShouldBe(404);
        for (var i = 0; i < 3; i++) (await app.Host.ReleaseFloatingIp(TestAccount.Demo, Guid.NewGuid().ToString())).Status().ShouldBe(404);

        (await app.CounterRowsAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task an_eleventh_private_network_is_created()
    {
        for (var i = 0; i < 11; i++)
        {
            var created = await app.Host.As(TestAccount.Other, x => x.Post
                .Json(new { network = new { cidr = $"192.168.{i}.0/24", label = $"net-{i}" } }).ToUrl("/os-networksv2"));
            created.Status().ShouldBe(200, await created.ReadAsTextAsync());
        }
    }

    [Fact]
    public async Task limits_are_reported_with_nothing_spent()
    {
        var now = when_showing_limits.Iso(app.Clock.StartFreshHour());
        await app.Host.AllocateFloatingIp(TestAccount.Demo);

        var result = await app.Host.As(TestAccount.Demo, x => x.Get.Url("/limits"));

        result.Status().ShouldBe(200);
        var limits = (await result.Json())["limits"]!;
        var rate = limits["rate"]!.AsArray();
        rate.Count.ShouldBe(5);
        when_showing_limits.Limit(rate, "*", "GET").ShouldBe(("MINUTE", 1000, 1000, now));
        when_showing_limits.Limit(rate, "/os-floating-ips", "POST").ShouldBe(("MINUTE", 3, 3, now));
        when_showing_limits.Limit(rate, "/servers/{id}/os-virtual-interfacesv2", "POST").ShouldBe(("MINUTE", 4, 4, now));
        limits["absolute"]!["maxTotalPrivateNetworks"]!.GetValue<int>().ShouldBe(10);
        limits["absolute"]!["maxTotalFloatingIps"]!.GetValue<int>().ShouldBe(50);
        limits["absolute"]!["totalFloatingIpsUsed"]!.GetValue<int>().ShouldBeGreaterThanOrEqualTo(1);
    }
}

/// <summary>The service as shipped (no Limits settings at all): no 413 and a report of Rackspace's defaults.</summary>
public class when_limits_are_not_configured(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task the_defaults_are_reported_and_not_enforced()
    {
        for (var i = 0; i < 5; i++)
            (await app.Host.As(TestAccount.Demo, x => x.Post.Json(new { virtual_interface = new { network_id = Scenarios.ServiceNet } })
                .ToUrl($"/servers/{Guid.NewGuid()}/os-virtual-interfacesv2"))).Status().ShouldBe(404);

        var result = await app.Host.As(TestAccount.Demo, x => x.Get.Url($"/v2.1/{TestAccount.Demo.TenantId}/limits"));

        result.Status().ShouldBe(200);
        var limits = (await result.Json())["limits"]!;
        var rate = limits["rate"]!.AsArray();
        rate.Select(r => r!["uri"].Str()).ShouldBe(["*", "/servers/{id}/os-virtual-interfacesv2", "/os-networksv2", "/servers"]);
        rate.SelectMany(r => r!["limit"]!.AsArray()).Select(l => (l!["verb"].Str(), l["value"]!.GetValue<int>(), l["unit"].Str()))
            .ShouldBe([("GET", 1000, "MINUTE"), ("POST", 100, "MINUTE"), ("GET", 25, "MINUTE"), ("POST", 4, "MINUTE"),
                ("POST", 100, "DAY"), ("POST", 1000, "DAY")]);
        rate.SelectMany(r => r!["limit"]!.AsArray()).ShouldAllBe(l => l!["remaining"]!.GetValue<int>() == l["value"]!.GetValue<int>());
        limits["absolute"]!["maxTotalPrivateNetworks"]!.GetValue<int>().ShouldBe(10);
        limits["absolute"]!["maxTotalFloatingIps"]!.GetValue<int>().ShouldBe(10);
    }
}
