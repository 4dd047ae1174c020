using System.Net;
using CloudNet.Tests.Support;

namespace CloudNet.Tests.Compute;

/// <remarks>One test: its steps depend on the exact state of the pool.</remarks>
public class when_the_floating_ip_pool_runs_out(TinyPool app) : IClassFixture<TinyPool>
{
    [Fact]
    public async Task allocation_is_404_no_more_floating_ips_and_a_released_address_is_reused()
    {
        var addresses = new List<string>();
        for (var i = 0; i < 6; i++) addresses.Add((await app.Host.AllocateFloatingIp(TestAccount.Demo))["ip"].Str());
        addresses.OrderBy(a => IPAddress.Parse(a).GetAddressBytes()[3]).ShouldBe(["203.0.113.1", "203.0.113.2", "203.0.113.3", "203.0.113.4", "203.0.113.5", "203.0.113.6"]);

        var exhausted = await app.Host.As(TestAccount.Demo, x => x.Post.Url("/os-floating-ips"));
        (await exhausted.ShouldBeNovaFault(404, "itemNotFound")).ShouldBe("No more floating IPs in pool default.");
        var otherTenant = await app.Host.As(TestAccount.Other, x => x.Post.Json(new { pool = "default" }).ToUrl("/os-floating-ips"));
        (await otherTenant.ShouldBeNovaFault(404, "itemNotFound")).ShouldBe("No more floating IPs in pool default.");

        (await app.Host.ReleaseFloatingIp(TestAccount.Demo, "203.0.113.4")).Status().ShouldBe(202);
        var reused = await app.Host.AllocateFloatingIp(TestAccount.Other);
        reused["ip"].Str().ShouldBe("203.0.113.4");

        var stillExhausted = await app.Host.As(TestAccount.Demo, x => x.Post.Url("/os-floating-ips"));
        await stillExhausted.ShouldBeNovaFault(404, "itemNotFound");
        (await app.Host.ListFloatingIps(TestAccount.Demo)).Count.ShouldBe(5);
        (await app.Host.ListFloatingIps(TestAccount.Other)).Select(ip => ip!["ip"].Str()).ShouldBe(["203.0.113.4"]);
    }
}
