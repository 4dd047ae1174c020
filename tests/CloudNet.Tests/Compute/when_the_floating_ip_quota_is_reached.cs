using CloudNet.Tests.Support;

namespace CloudNet.Tests.Compute;

/// <summary>The default quota is 10 floating IPs per tenant. Only this test allocates in its database.</summary>
public class when_the_default_floating_ip_quota_is_reached(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task the_eleventh_allocation_is_403_forbidden_and_a_release_makes_room()
    {
        var held = new List<string>();
        for (var i = 0; i < 10; i++) held.Add((await app.Host.AllocateFloatingIp(TestAccount.Demo))["id"].Str());

        var refused = await app.Host.As(TestAccount.Demo, x => x.Post.Url("/os-floating-ips"));

        (await refused.ShouldBeNovaFault(403, "forbidden")).ShouldContain("quota");
        (await app.Host.ListFloatingIps(TestAccount.Demo)).Count.ShouldBe(10);

        // The quota is per tenant: another tenant still allocates.
        await app.Host.AllocateFloatingIp(TestAccount.Other);

        (await app.Host.ReleaseFloatingIp(TestAccount.Demo, held[0])).Status().ShouldBe(202);
        await app.Host.AllocateFloatingIp(TestAccount.Demo);
    }
}

public class when_a_configured_floating_ip_quota_is_reached(QuotaOfTwo app) : IClassFixture<QuotaOfTwo>
{
    [Fact]
    public async Task the_configured_quota_applies()
    {
        await app.Host.AllocateFloatingIp(TestAccount.Demo);
        await app.Host.AllocateFloatingIp(TestAccount.Demo, "default");

        var refused = await app.Host.As(TestAccount.Demo, x => x.Post.Json(new { pool = "default" }).ToUrl("/os-floating-ips"));

        await refused.ShouldBeNovaFault(403, "forbidden");
        (await app.Host.ListFloatingIps(TestAccount.Demo)).Count.ShouldBe(2);
    }
}
