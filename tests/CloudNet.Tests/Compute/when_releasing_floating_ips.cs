using CloudNet.Tests.Support;

namespace CloudNet.Tests.Compute;

public class when_releasing_floating_ips(RoomyQuota app) : IClassFixture<RoomyQuota>
{
    [Fact]
    public async Task release_by_id_is_202_then_the_ip_is_404_and_gone_from_the_list()
    {
        var ip = await app.Host.AllocateFloatingIp(TestAccount.Demo);

        var release = await app.Host.ReleaseFloatingIp(TestAccount.Demo, ip["id"].Str());

        release.Status().ShouldBe(202);
        (await release.ReadAsTextAsync()).ShouldBeEmpty();
        await (await app.Host.ShowFloatingIp(TestAccount.Demo, ip["id"].Str())).ShouldBeNovaFault(404, "itemNotFound");
        await (await app.Host.ShowFloatingIp(TestAccount.Demo, ip["ip"].Str())).ShouldBeNovaFault(404, "itemNotFound");
        (await app.Host.ListFloatingIps(TestAccount.Demo)).Select(x => x!["id"].Str()).ShouldNotContain(ip["id"].Str());
    }

    [Fact]
    public async Task release_by_address_is_202_too()
    {
        var ip = await app.Host.AllocateFloatingIp(TestAccount.Demo);

        (await app.Host.ReleaseFloatingIp(TestAccount.Demo, ip["ip"].Str())).Status().ShouldBe(202);

        (await app.Host.ListFloatingIps(TestAccount.Demo)).Select(x => x!["ip"].Str()).ShouldNotContain(ip["ip"].Str());
    }

    [Fact]
    public async Task releasing_twice_is_404_the_second_time()
    {
        var ip = await app.Host.AllocateFloatingIp(TestAccount.Demo);
        (await app.Host.ReleaseFloatingIp(TestAccount.Demo, ip["id"].Str())).Status().ShouldBe(202);

        var again = await app.Host.ReleaseFloatingIp(TestAccount.Demo, ip["id"].Str());

        await again.ShouldBeNovaFault(404, "itemNotFound");
    }

    [Fact]
    public async Task releasing_an_unknown_ip_is_404()
    {
        await (await app.Host.ReleaseFloatingIp(TestAccount.Demo, Guid.NewGuid().ToString())).ShouldBeNovaFault(404, "itemNotFound");
        await (await app.Host.ReleaseFloatingIp(TestAccount.Demo, "203.0.113.253")).ShouldBeNovaFault(404, "itemNotFound");
    }

    [Fact]
    public async Task releasing_an_attached_ip_detaches_it_from_the_server_first()
    {
        var serverId = (await app.Host.CreateServer(TestAccount.Demo, "holder"))["id"].Str();
        var ip = await app.Host.AllocateFloatingIp(TestAccount.Demo);
        (await app.Host.AddFloatingIp(TestAccount.Demo, serverId, ip["ip"].Str())).Status().ShouldBe(202);
        (await app.Host.ShowServer(TestAccount.Demo, serverId)).AddressEntries().Select(a => a.Addr).ShouldContain(ip["ip"].Str());

        var release = await app.Host.ReleaseFloatingIp(TestAccount.Demo, ip["id"].Str());

        release.Status().ShouldBe(202);
        var server = await app.Host.ShowServer(TestAccount.Demo, serverId);
        server.AddressEntries().Select(a => a.Addr).ShouldNotContain(ip["ip"].Str());
        server.AddressEntries().ShouldAllBe(a => a.Type == "fixed");
        await (await app.Host.ShowFloatingIp(TestAccount.Demo, ip["id"].Str())).ShouldBeNovaFault(404, "itemNotFound");

        // The server's own record forgot the IP too: it can take another one (one floating IP per server).
        var next = await app.Host.AllocateFloatingIp(TestAccount.Demo);
        (await app.Host.AddFloatingIp(TestAccount.Demo, serverId, next["ip"].Str())).Status().ShouldBe(202);
    }

    [Fact]
    public async Task release_works_under_the_tenant_prefix()
    {
        var ip = await app.Host.AllocateFloatingIp(TestAccount.Demo);

        var release = await app.Host.As(TestAccount.Demo, x => x.Delete.Url($"/v2.1/{TestAccount.Demo.TenantId}/os-floating-ips/{ip["id"].Str()}"));

        release.Status().ShouldBe(202);
        (await app.Host.ShowFloatingIp(TestAccount.Demo, ip["id"].Str())).Status().ShouldBe(404);
    }
}
