using CloudNet.Tests.Support;

namespace CloudNet.Tests.Compute;

/// <summary>Every resource belongs to one tenant; another tenant's resource answers exactly as a missing one.</summary>
public class when_tenants_meet(RoomyQuota app) : IClassFixture<RoomyQuota>
{
    [Fact]
    public async Task another_tenants_floating_ip_is_404_by_id_and_by_address()
    {
        var ip = await app.Host.AllocateFloatingIp(TestAccount.Demo);

        var byId = await app.Host.ShowFloatingIp(TestAccount.Other, ip["id"].Str());
        var byAddress = await app.Host.ShowFloatingIp(TestAccount.Other, ip["ip"].Str());
        var missing = await app.Host.ShowFloatingIp(TestAccount.Other, Guid.NewGuid().ToString());

        await byId.ShouldBeNovaFault(404, "itemNotFound");
        await byAddress.ShouldBeNovaFault(404, "itemNotFound");
        await missing.ShouldBeNovaFault(404, "itemNotFound");
    }

    [Fact]
    public async Task another_tenant_cannot_release_the_ip()
    {
        var ip = await app.Host.AllocateFloatingIp(TestAccount.Demo);

        await (await app.Host.ReleaseFloatingIp(TestAccount.Other, ip["id"].Str())).ShouldBeNovaFault(404, "itemNotFound");
        await (await app.Host.ReleaseFloatingIp(TestAccount.Other, ip["ip"].Str())).ShouldBeNovaFault(404, "itemNotFound");

        (await app.Host.ShowFloatingIp(TestAccount.Demo, ip["id"].Str())).Status().ShouldBe(200);
    }

    [Fact]
    public async Task another_tenants_server_is_404_to_show_delete_and_act_on()
    {
        var serverId = (await app.Host.CreateServer(TestAccount.Demo, "demo-only"))["id"].Str();
        var otherIp = await app.Host.AllocateFloatingIp(TestAccount.Other);

        await (await app.Host.As(TestAccount.Other, x => x.Get.Url($"/servers/{serverId}"))).ShouldBeNovaFault(404, "itemNotFound");
        await (await app.Host.As(TestAccount.Other, x => x.Delete.Url($"/servers/{serverId}"))).ShouldBeNovaFault(404, "itemNotFound");
        await (await app.Host.AddFloatingIp(TestAccount.Other, serverId, otherIp["ip"].Str())).ShouldBeNovaFault(404, "itemNotFound");

        (await app.Host.ShowServer(TestAccount.Demo, serverId)).AddressEntries().ShouldAllBe(a => a.Type == "fixed");
    }

    [Fact]
    public async Task another_tenant_cannot_add_the_ip_to_its_own_server()
    {
        var ip = await app.Host.AllocateFloatingIp(TestAccount.Demo);
        var otherServer = (await app.Host.CreateServer(TestAccount.Other, "other-server"))["id"].Str();

        var result = await app.Host.AddFloatingIp(TestAccount.Other, otherServer, ip["ip"].Str());

        await result.ShouldBeNovaFault(404, "itemNotFound");
        (await app.Host.ShowServer(TestAccount.Other, otherServer)).AddressEntries().ShouldAllBe(a => a.Type == "fixed");
        var shown = await app.Host.ShowFloatingIp(TestAccount.Demo, ip["id"].Str());
        (await shown.Json())["floating_ip"]!["instance_id"].ShouldBeNull();
    }

    [Fact]
    public async Task another_tenant_cannot_remove_the_ip_from_the_owners_server()
    {
        var serverId = (await app.Host.CreateServer(TestAccount.Demo, "attached"))["id"].Str();
        var ip = await app.Host.AllocateFloatingIp(TestAccount.Demo);
        (await app.Host.AddFloatingIp(TestAccount.Demo, serverId, ip["ip"].Str())).Status().ShouldBe(202);

        await (await app.Host.RemoveFloatingIp(TestAccount.Other, serverId, ip["ip"].Str())).ShouldBeNovaFault(404, "itemNotFound");

        var shown = await app.Host.ShowFloatingIp(TestAccount.Demo, ip["id"].Str());
        (await shown.Json())["floating_ip"]!["instance_id"].Str().ShouldBe(serverId);
    }

    [Fact]
    public async Task lists_hold_only_the_callers_own_resources()
    {
        var demoIp = await app.Host.AllocateFloatingIp(TestAccount.Demo);
        var demoServer = (await app.Host.CreateServer(TestAccount.Demo, "demo-listed"))["id"].Str();
        var otherIp = await app.Host.AllocateFloatingIp(TestAccount.Other);
        var otherServer = (await app.Host.CreateServer(TestAccount.Other, "other-listed"))["id"].Str();

        var otherIps = (await app.Host.ListFloatingIps(TestAccount.Other)).Select(ip => ip!["id"].Str()).ToList();
        otherIps.ShouldContain(otherIp["id"].Str());
        otherIps.ShouldNotContain(demoIp["id"].Str());
        var demoIps = (await app.Host.ListFloatingIps(TestAccount.Demo)).Select(ip => ip!["id"].Str()).ToList();
        demoIps.ShouldContain(demoIp["id"].Str());
        demoIps.ShouldNotContain(otherIp["id"].Str());

        foreach (var url in new[] { "/servers", "/servers/detail" })
        {
            var asOther = await app.Host.As(TestAccount.Other, x => x.Get.Url(url));
            var otherServers = (await asOther.Json())["servers"]!.AsArray().Select(s => s!["id"].Str()).ToList();
            otherServers.ShouldContain(otherServer);
            otherServers.ShouldNotContain(demoServer);
            var asDemo = await app.Host.As(TestAccount.Demo, x => x.Get.Url(url));
            var demoServers = (await asDemo.Json())["servers"]!.AsArray().Select(s => s!["id"].Str()).ToList();
            demoServers.ShouldContain(demoServer);
            demoServers.ShouldNotContain(otherServer);
        }
    }

    [Fact]
    public async Task naming_another_tenant_in_the_path_is_400_and_allocates_nothing()
    {
        var before = (await app.Host.ListFloatingIps(TestAccount.Demo)).Count;

        var allocate = await app.Host.As(TestAccount.Demo, x => x.Post.Url($"/v2/{TestAccount.Other.TenantId}/os-floating-ips"));
        var list = await app.Host.As(TestAccount.Demo, x => x.Get.Url($"/v2.1/{TestAccount.Other.TenantId}/os-floating-ips"));

        await allocate.ShouldBeNovaFault(400, "badRequest");
        await list.ShouldBeNovaFault(400, "badRequest");
        (await app.Host.ListFloatingIps(TestAccount.Demo)).Count.ShouldBe(before);
    }

    [Fact]
    public async Task two_tenants_never_get_the_same_address()
    {
        var demo = await app.Host.AllocateFloatingIp(TestAccount.Demo);
        var other = await app.Host.AllocateFloatingIp(TestAccount.Other);

        other["ip"].Str().ShouldNotBe(demo["ip"].Str());
    }
}
