using CloudNet.Tests.Compute;
using CloudNet.Tests.Support;
using static CloudNet.Tests.Networks.FloatingIps.FloatingIpScenarios;

namespace CloudNet.Tests.Networks.FloatingIps;

/// <summary>A full pool is 409 <c>IpAddressGenerationFailure</c>; the addresses are the ones nova hands out too.</summary>
public class when_the_pool_runs_out_through_neutron(TinyPool app) : IClassFixture<TinyPool>
{
    [Fact]
    public async Task the_seventh_address_of_a_29_is_409_IpAddressGenerationFailure_until_one_is_released()
    {
        var ids = new List<string>();
        for (var i = 0; i < 3; i++) ids.Add((await app.Host.CreateFloatingIp(TestAccount.Demo))["id"].Str());
        for (var i = 0; i < 3; i++) await app.Host.AllocateFloatingIp(TestAccount.Other);

        var refused = await app.Host.PostFloatingIp(TestAccount.Demo, new { floating_network_id = DefaultNetwork });

        (await refused.ShouldBeNeutronError(409, "IpAddressGenerationFailure")).ShouldBe($"No more IP addresses available on network {DefaultNetwork}.");
        await (await app.Host.As(TestAccount.Demo, x => x.Post.Url("/os-floating-ips"))).ShouldBeNovaFault(404, "itemNotFound");

        (await app.Host.DeleteNeutronFloatingIp(TestAccount.Demo, ids[1])).Status().ShouldBe(204);
        (await app.Host.CreateFloatingIp(TestAccount.Demo))["floating_ip_address"].Str().ShouldStartWith("203.0.113.");
        await (await app.Host.PostFloatingIp(TestAccount.Demo, new { floating_network_id = DefaultNetwork })).ShouldBeNeutronError(409, "IpAddressGenerationFailure");
    }
}

/// <summary>One quota for both APIs: nova's allocations count against Neutron's creates and the other way round.</summary>
public class when_the_shared_quota_is_reached(QuotaOfTwo app) : IClassFixture<QuotaOfTwo>
{
    [Fact]
    public async Task neutron_answers_409_OverQuota_and_nova_403_for_the_same_quota()
    {
        await app.Host.AllocateFloatingIp(TestAccount.Demo);
        var second = await app.Host.CreateFloatingIp(TestAccount.Demo);

        var neutron = await app.Host.PostFloatingIp(TestAccount.Demo, new { floating_network_id = DefaultNetwork });
        (await neutron.ShouldBeNeutronError(409, "OverQuota")).ShouldBe("Quota exceeded for resources: ['floatingip'].");
        await (await app.Host.As(TestAccount.Demo, x => x.Post.Url("/os-floating-ips"))).ShouldBeNovaFault(403, "forbidden");
        (await app.Host.ListNeutronFloatingIps(TestAccount.Demo)).Count.ShouldBe(2);

        (await app.Host.ReleaseFloatingIp(TestAccount.Demo, second["id"].Str())).Status().ShouldBe(202);
        await app.Host.CreateFloatingIp(TestAccount.Demo);
        await (await app.Host.PostFloatingIp(TestAccount.Demo, new { floating_network_id = DefaultNetwork })).ShouldBeNeutronError(409, "OverQuota");
    }
}
