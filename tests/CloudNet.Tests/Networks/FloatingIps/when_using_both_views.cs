using Alba;
using CloudNet.Compute.FloatingIps;
using CloudNet.Compute.Servers;
using CloudNet.Tests.Support;
using JasperFx.Events;
using Marten;
using static CloudNet.Tests.Networks.FloatingIps.FloatingIpScenarios;

namespace CloudNet.Tests.Networks.FloatingIps;

/// <summary>
/// One floating IP, two APIs: what nova's <c>/os-floating-ips</c> does, Neutron's <c>/v2.0/floatingips</c> sees, and the other
/// way round; an association through a port is nova's <c>addFloatingIp</c>, event for event; one stream holds the IP's history.
/// </summary>
public class when_using_both_views(AppFixture app) : IClassFixture<AppFixture>
{
    static readonly TestAccount Demo = TestAccount.Demo;

    async Task<IReadOnlyList<IEvent>> Stream(string id)
    {
        await using var session = app.Host.DocumentStore().QuerySession();
        return await session.Events.FetchStreamAsync(Guid.Parse(id));
    }

    static string RequestId(IScenarioResult result, string header) => result.Header(header).ShouldNotBeNull($"{header} on every response");

    [Fact]
    public async Task allocated_by_nova_associated_by_neutron_seen_by_nova_released_by_neutron_is_one_stream_of_four_events()
    {
        var (serverId, portId, fixedIp) = await app.Host.ServerWithPort(Demo, "two-views");

        var allocate = await app.Host.As(Demo, x => x.Post.Json(new { pool = "default" }).ToUrl("/os-floating-ips"));
        allocate.Status().ShouldBe(202);
        var novaIp = (await allocate.Json())["floating_ip"]!;
        var (id, address) = (novaIp["id"].Str(), novaIp["ip"].Str());

        // Neutron sees nova's IP, unassociated.
        var seen = await app.Host.ShowNeutronFloatingIp(Demo, id);
        (seen["floating_ip_address"].Str(), seen["floating_network_id"].Str(), seen["status"].Str()).ShouldBe((address, DefaultNetwork, "DOWN"));

        var associate = await app.Host.PutFloatingIp(Demo, id, new { port_id = portId });
        associate.Status().ShouldBe(200, await associate.ReadAsTextAsync());

        // Nova sees it attached: the IP's instance_id and fixed_ip, and the server's addresses.
        var novaView = (await app.Host.ListFloatingIps(Demo)).Single(n => n!["id"].Str() == id)!;
        (novaView["instance_id"].Str(), novaView["fixed_ip"].Str()).ShouldBe((serverId, fixedIp));
        var shown = await app.Host.ShowFloatingIp(Demo, address);
        (await shown.Json())["floating_ip"]!["instance_id"].Str().ShouldBe(serverId);
        (await app.Host.ShowServer(Demo, serverId)).AddressEntries().ShouldContain(("public", address, 4, "floating"));
        // Nova's own rule sees the association too: adding it again through nova is nova's 400.
        await (await app.Host.AddFloatingIp(Demo, serverId, address)).ShouldBeNovaFault(400, "badRequest");

        var release = await app.Host.DeleteNeutronFloatingIp(Demo, id);
        release.Status().ShouldBe(204);
        (await app.Host.ListFloatingIps(Demo)).Select(n => n!["id"].Str()).ShouldNotContain(id);
        (await app.Host.ShowServer(Demo, serverId)).AddressEntries().ShouldAllBe(a => a.Type == "fixed");

        var events = await Stream(id);
        events.Select(e => e.EventType).ShouldBe(
            [typeof(FloatingIpAllocated), typeof(FloatingIpAssociated), typeof(FloatingIpDisassociated), typeof(FloatingIpReleased)]);
        events.Select(e => e.Version).ShouldBe([1L, 2, 3, 4]);
        events.ShouldAllBe(e => e.StreamId == Guid.Parse(id));
        events.ShouldAllBe(e => e.UserName == "demo");
        events[0].CorrelationId.ShouldBe(RequestId(allocate, "X-Compute-Request-Id"));
        events[1].CorrelationId.ShouldBe(RequestId(associate, "X-Openstack-Request-Id"));
        events[2].CorrelationId.ShouldBe(RequestId(release, "X-Openstack-Request-Id"));
        events[3].CorrelationId.ShouldBe(RequestId(release, "X-Openstack-Request-Id"));
        var associated = (FloatingIpAssociated)events[1].Data;
        (associated.FloatingIpId, associated.ServerId, associated.FixedIp, associated.By).ShouldBe((Guid.Parse(id), Guid.Parse(serverId), fixedIp, "demo"));
        ((FloatingIpReleased)events[3].Data).Address.ShouldBe(address);

        var serverEvents = await Stream(serverId);
        serverEvents.Select(e => e.EventType).ShouldBe([typeof(ServerCreated), typeof(FloatingIpAddedToServer), typeof(FloatingIpRemovedFromServer)]);
        var added = (FloatingIpAddedToServer)serverEvents[1].Data;
        (added.FloatingIpId, added.Address, added.FixedIp).ShouldBe((Guid.Parse(id), address, fixedIp));
    }

    [Fact]
    public async Task associating_through_a_port_appends_exactly_the_events_addFloatingIp_appends()
    {
        var (novaServer, novaPort, novaFixed) = await app.Host.ServerWithPort(Demo, "by-nova");
        var (neutronServer, neutronPort, neutronFixed) = await app.Host.ServerWithPort(Demo, "by-neutron");
        var byNova = await app.Host.AllocateFloatingIp(Demo);
        var byNeutron = await app.Host.CreateFloatingIp(Demo);

        (await app.Host.AddFloatingIp(Demo, novaServer, byNova["ip"].Str())).Status().ShouldBe(202);
        await app.Host.UpdateFloatingIp(Demo, byNeutron["id"].Str(), new { port_id = neutronPort });

        var novaEvent = (FloatingIpAssociated)(await Stream(byNova["id"].Str()))[1].Data;
        var neutronEvent = (FloatingIpAssociated)(await Stream(byNeutron["id"].Str()))[1].Data;
        novaEvent.ShouldBe(new FloatingIpAssociated(Guid.Parse(byNova["id"].Str()), Guid.Parse(novaServer), novaFixed, "demo", novaEvent.At, Guid.Parse(novaPort)));
        neutronEvent.ShouldBe(new FloatingIpAssociated(Guid.Parse(byNeutron["id"].Str()), Guid.Parse(neutronServer), neutronFixed, "demo", neutronEvent.At,
            Guid.Parse(neutronPort)));
        var novaAdded = (await Stream(novaServer)).Last().Data.ShouldBeOfType<FloatingIpAddedToServer>();
        var neutronAdded = (await Stream(neutronServer)).Last().Data.ShouldBeOfType<FloatingIpAddedToServer>();
        neutronAdded.ShouldBe(novaAdded with
        {
            ServerId = Guid.Parse(neutronServer), FloatingIpId = Guid.Parse(byNeutron["id"].Str()), Address = byNeutron["floating_ip_address"].Str(),
            FixedIp = neutronFixed, At = neutronAdded.At,
        });
    }

    [Fact]
    public async Task created_by_neutron_is_managed_by_nova_and_neutron_sees_each_change_as_a_revision()
    {
        var (serverId, portId, fixedIp) = await app.Host.ServerWithPort(Demo, "neutron-first");
        var ip = await app.Host.CreateFloatingIp(Demo, new { floating_network_id = DefaultNetwork, description = "made by neutron" });
        var (id, address) = (ip["id"].Str(), ip["floating_ip_address"].Str());

        (await app.Host.AddFloatingIp(Demo, serverId, address)).Status().ShouldBe(202);
        var attached = await app.Host.ShowNeutronFloatingIp(Demo, id);
        (attached["port_id"].Str(), attached["fixed_ip_address"].Str(), attached["status"].Str()).ShouldBe((portId, fixedIp, "ACTIVE"));
        attached["revision_number"]!.GetValue<long>().ShouldBe(2);
        attached["description"].Str().ShouldBe("made by neutron");

        (await app.Host.RemoveFloatingIp(Demo, serverId, address)).Status().ShouldBe(202);
        var detached = await app.Host.ShowNeutronFloatingIp(Demo, id);
        detached["port_id"].ShouldBeNull();
        (detached["status"].Str(), detached["revision_number"]!.GetValue<long>()).ShouldBe(("DOWN", 3L));

        (await app.Host.ReleaseFloatingIp(Demo, address)).Status().ShouldBe(202);
        await (await app.Host.GetFloatingIp(Demo, id)).ShouldBeNeutronError(404, "FloatingIPNotFound");
        (await Stream(id)).Select(e => e.EventType).ShouldBe(
            [typeof(FloatingIpAllocated), typeof(FloatingIpAssociated), typeof(FloatingIpDisassociated), typeof(FloatingIpReleased)]);
        ((FloatingIpAllocated)(await Stream(id))[0].Data).Description.ShouldBe("made by neutron");
    }

    [Fact]
    public async Task deleting_the_server_disassociates_the_ip_in_neutrons_view_too()
    {
        var (serverId, portId, _) = await app.Host.ServerWithPort(Demo, "short-lived");
        var ip = await app.Host.CreateFloatingIp(Demo, new { floating_network_id = DefaultNetwork, port_id = portId });

        (await app.Host.As(Demo, x => x.Delete.Url($"/servers/{serverId}"))).Status().ShouldBe(204);

        var after = await app.Host.ShowNeutronFloatingIp(Demo, ip["id"].Str());
        after["port_id"].ShouldBeNull();
        after["status"].Str().ShouldBe("DOWN");
    }
}
