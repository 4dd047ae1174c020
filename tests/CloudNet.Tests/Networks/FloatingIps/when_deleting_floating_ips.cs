using CloudNet.Tests.Support;
using static CloudNet.Tests.Networks.FloatingIps.FloatingIpScenarios;

namespace CloudNet.Tests.Networks.FloatingIps;

/// <summary><c>DELETE /v2.0/floatingips/{id}</c>: 204; an associated IP is detached first, as nova's release does.</summary>
public class when_deleting_floating_ips(Compute.RoomyQuota app) : IClassFixture<Compute.RoomyQuota>
{
    static readonly TestAccount Demo = TestAccount.Demo;

    [Fact]
    public async Task delete_is_204_with_no_body_and_the_ip_is_gone_from_both_views()
    {
        var ip = await app.Host.CreateFloatingIp(Demo);
        var id = ip["id"].Str();

        var deleted = await app.Host.DeleteNeutronFloatingIp(Demo, id);

        deleted.Status().ShouldBe(204);
        (await deleted.ReadAsTextAsync()).ShouldBeEmpty();
        await (await app.Host.GetFloatingIp(Demo, id)).ShouldBeNeutronError(404, "FloatingIPNotFound");
        (await app.Host.ListNeutronFloatingIps(Demo)).Ids().ShouldNotContain(id);
        (await app.Host.ListFloatingIps(Demo)).Select(n => n!["id"].Str()).ShouldNotContain(id);
        await (await app.Host.DeleteNeutronFloatingIp(Demo, id)).ShouldBeNeutronError(404, "FloatingIPNotFound");

        // The address is free again: it can be asked for by name.
        var again = await app.Host.CreateFloatingIp(Demo, new { floating_network_id = DefaultNetwork, floating_ip_address = ip["floating_ip_address"].Str() });
        again["id"].Str().ShouldNotBe(id);
    }

    [Fact]
    public async Task deleting_an_associated_ip_detaches_it_from_its_server()
    {
        var (serverId, portId, _) = await app.Host.ServerWithPort(Demo, "delete-attached");
        var ip = await app.Host.CreateFloatingIp(Demo, new { floating_network_id = DefaultNetwork, port_id = portId });

        (await app.Host.DeleteNeutronFloatingIp(Demo, ip["id"].Str())).Status().ShouldBe(204);

        (await app.Host.ShowServer(Demo, serverId)).AddressEntries().ShouldAllBe(a => a.Type == "fixed");
        // The server can take another floating IP at once.
        (await app.Host.CreateFloatingIp(Demo, new { floating_network_id = DefaultNetwork, port_id = portId }))["port_id"].Str().ShouldBe(portId);
    }

    [Fact]
    public async Task another_tenants_or_a_malformed_id_is_404_and_nothing_is_released()
    {
        var theirs = (await app.Host.CreateFloatingIp(TestAccount.Other))["id"].Str();

        await (await app.Host.DeleteNeutronFloatingIp(Demo, theirs)).ShouldBeNeutronError(404, "FloatingIPNotFound");
        await (await app.Host.DeleteNeutronFloatingIp(Demo, "203.0.113.1")).ShouldBeNeutronError(404, "FloatingIPNotFound");

        (await app.Host.ShowNeutronFloatingIp(TestAccount.Other, theirs))["id"].Str().ShouldBe(theirs);
    }
}
