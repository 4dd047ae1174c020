using CloudNet.Tests.Support;
using static CloudNet.Tests.Networks.FloatingIps.FloatingIpScenarios;

namespace CloudNet.Tests.Networks.FloatingIps;

/// <summary><c>PUT /v2.0/floatingips/{id}</c>: associate with a port, move, disassociate, describe; Neutron's errors.</summary>
public class when_updating_floating_ips(Compute.RoomyQuota app) : IClassFixture<Compute.RoomyQuota>
{
    static readonly TestAccount Demo = TestAccount.Demo;

    [Fact]
    public async Task setting_the_port_associates_and_null_disassociates_each_a_new_revision()
    {
        var (serverId, portId, fixedIp) = await app.Host.ServerWithPort(Demo, "set-unset");
        var created = await app.Host.CreateFloatingIp(Demo);
        var id = created["id"].Str();

        var set = await app.Host.UpdateFloatingIp(Demo, id, new { port_id = portId });

        set.Keys().Order().ShouldBe(Fields);
        (set["port_id"].Str(), set["fixed_ip_address"].Str(), set["status"].Str()).ShouldBe((portId, fixedIp, "ACTIVE"));
        set["revision_number"]!.GetValue<long>().ShouldBe(2);
        set["created_at"].Str().ShouldBe(created["created_at"].Str());
        set["updated_at"].ShouldBeNeutronTimestamp();
        set["router_id"].ShouldBeNull();
        (await app.Host.ShowNeutronFloatingIp(Demo, id)).ToJsonString().ShouldBe(set.ToJsonString());
        (await app.Host.ShowServer(Demo, serverId)).AddressEntries().ShouldContain(("public", created["floating_ip_address"].Str(), 4, "floating"));

        var unset = await app.Host.UpdateFloatingIp(Demo, id, new { port_id = (string?)null });

        unset["port_id"].ShouldBeNull();
        unset["fixed_ip_address"].ShouldBeNull();
        unset["status"].Str().ShouldBe("DOWN");
        unset["revision_number"]!.GetValue<long>().ShouldBe(3);
        (await app.Host.ShowServer(Demo, serverId)).AddressEntries().ShouldAllBe(a => a.Type == "fixed");
        (await app.Host.ShowNeutronFloatingIp(Demo, id)).ToJsonString().ShouldBe(unset.ToJsonString());
    }

    [Fact]
    public async Task the_same_port_again_changes_nothing_and_an_absent_port_id_keeps_the_association()
    {
        var (_, portId, fixedIp) = await app.Host.ServerWithPort(Demo, "idempotent");
        var id = (await app.Host.CreateFloatingIp(Demo, new { floating_network_id = DefaultNetwork, port_id = portId }))["id"].Str();

        var again = await app.Host.UpdateFloatingIp(Demo, id, new { port_id = portId });
        again["revision_number"]!.GetValue<long>().ShouldBe(2, "nothing changed, no event");

        var described = await app.Host.UpdateFloatingIp(Demo, id, new { description = "still attached" });
        (described["port_id"].Str(), described["fixed_ip_address"].Str()).ShouldBe((portId, fixedIp));
        described["description"].Str().ShouldBe("still attached");
        described["revision_number"]!.GetValue<long>().ShouldBe(3);

        var sameDescription = await app.Host.UpdateFloatingIp(Demo, id, new { description = "still attached" });
        sameDescription["revision_number"]!.GetValue<long>().ShouldBe(3);
        (await app.Host.UpdateFloatingIp(Demo, id, new { }))["revision_number"]!.GetValue<long>().ShouldBe(3);
        (await app.Host.UpdateFloatingIp(Demo, id, new { description = (string?)null }))["description"].Str().ShouldBe("");
    }

    [Fact]
    public async Task setting_another_port_moves_the_ip_between_servers()
    {
        var (first, firstPort, _) = await app.Host.ServerWithPort(Demo, "move-from");
        var (second, secondPort, secondFixed) = await app.Host.ServerWithPort(Demo, "move-to");
        var ip = await app.Host.CreateFloatingIp(Demo, new { floating_network_id = DefaultNetwork, port_id = firstPort });
        var address = ip["floating_ip_address"].Str();

        var moved = await app.Host.UpdateFloatingIp(Demo, ip["id"].Str(), new { port_id = secondPort });

        (moved["port_id"].Str(), moved["fixed_ip_address"].Str()).ShouldBe((secondPort, secondFixed));
        moved["revision_number"]!.GetValue<long>().ShouldBe(4, "allocated, associated, disassociated, associated");
        (await app.Host.ShowServer(Demo, first)).AddressEntries().Select(a => a.Addr).ShouldNotContain(address);
        (await app.Host.ShowServer(Demo, second)).AddressEntries().ShouldContain(("public", address, 4, "floating"));
    }

    [Fact]
    public async Task setting_another_port_of_the_same_server_moves_the_ip_to_that_ports_address()
    {
        var (serverId, publicPort, _) = await app.Host.ServerWithPort(Demo, "two-ports");
        var (servicePort, serviceFixed) = await app.Host.PortOn(Demo, serverId, Scenarios.ServiceNet);
        var ip = await app.Host.CreateFloatingIp(Demo, new { floating_network_id = DefaultNetwork, port_id = publicPort });

        var moved = await app.Host.UpdateFloatingIp(Demo, ip["id"].Str(), new { port_id = servicePort });

        (moved["port_id"].Str(), moved["fixed_ip_address"].Str()).ShouldBe((servicePort, serviceFixed));
        (await app.Host.ShowServer(Demo, serverId)).AddressEntries().ShouldContain(("private", ip["floating_ip_address"].Str(), 4, "floating"));
    }

    [Fact]
    public async Task a_port_whose_server_already_has_a_floating_ip_is_409_FloatingIPPortAlreadyAssociated()
    {
        var (serverId, portId, fixedIp) = await app.Host.ServerWithPort(Demo, "occupied");
        var (servicePort, _) = await app.Host.PortOn(Demo, serverId, Scenarios.ServiceNet);
        var holder = await app.Host.CreateFloatingIp(Demo, new { floating_network_id = DefaultNetwork, port_id = portId });
        var other = await app.Host.CreateFloatingIp(Demo);

        var samePort = await app.Host.PutFloatingIp(Demo, other["id"].Str(), new { port_id = portId });
        (await samePort.ShouldBeNeutronError(409, "FloatingIPPortAlreadyAssociated")).ShouldBe(
            $"Cannot associate floating IP {other["floating_ip_address"].Str()} ({other["id"].Str()}) with port {portId} using fixed IP {fixedIp}, " +
            $"as that fixed IP already has a floating IP on external network {DefaultNetwork}.");
        // Nova's rule, kept by this service: one floating IP per server, whichever port.
        var otherPort = await app.Host.PutFloatingIp(Demo, other["id"].Str(), new { port_id = servicePort });
        (await otherPort.ShouldBeNeutronError(409, "FloatingIPPortAlreadyAssociated")).ShouldContain(holder["floating_ip_address"].Str());

        (await app.Host.ShowNeutronFloatingIp(Demo, other["id"].Str()))["port_id"].ShouldBeNull();
        (await app.Host.ShowNeutronFloatingIp(Demo, holder["id"].Str()))["port_id"].Str().ShouldBe(portId);
    }

    [Fact]
    public async Task unknown_ids_ports_and_bad_bodies_are_refused_in_neutrons_format()
    {
        var id = (await app.Host.CreateFloatingIp(Demo))["id"].Str();
        var theirs = (await app.Host.CreateFloatingIp(TestAccount.Other))["id"].Str();
        var (_, theirPort, _) = await app.Host.ServerWithPort(TestAccount.Other, "their-port");
        var (_, portId, _) = await app.Host.ServerWithPort(Demo, "bad-bodies");

        await (await app.Host.PutFloatingIp(Demo, Guid.NewGuid().ToString(), new { description = "x" })).ShouldBeNeutronError(404, "FloatingIPNotFound");
        await (await app.Host.PutFloatingIp(Demo, theirs, new { description = "x" })).ShouldBeNeutronError(404, "FloatingIPNotFound");
        await (await app.Host.PutFloatingIp(Demo, "nope", new { description = "x" })).ShouldBeNeutronError(404, "FloatingIPNotFound");
        await (await app.Host.PutFloatingIp(Demo, id, new { port_id = Guid.NewGuid() })).ShouldBeNeutronError(404, "PortNotFound");
        await (await app.Host.PutFloatingIp(Demo, id, new { port_id = theirPort })).ShouldBeNeutronError(404, "PortNotFound");
        await (await app.Host.PutFloatingIp(Demo, id, new { port_id = "nope" })).ShouldBeNeutronError(400, "BadRequest");
        await (await app.Host.PutFloatingIp(Demo, id, new { port_id = portId, fixed_ip_address = "10.1.2.3" })).ShouldBeNeutronError(400, "BadRequest");
        await (await app.Host.PutFloatingIp(Demo, id, new { fixed_ip_address = "10.1.2.3" })).ShouldBeNeutronError(400, "BadRequest");
        (await (await app.Host.PutFloatingIp(Demo, id, new { floating_ip_address = "203.0.113.99" })).ShouldBeNeutronError(400, "BadRequest"))
            .ShouldContain("Unrecognized attribute(s) 'floating_ip_address'");
        await (await app.Host.PutFloatingIp(Demo, id, new { description = 7 })).ShouldBeNeutronError(400, "BadRequest");
        (await app.Host.SendRaw(Demo, "PUT", $"/v2.0/floatingips/{id}", "{")).ShouldBeNeutronError(400, "BadRequest");
        (await app.Host.SendRaw(Demo, "PUT", $"/v2.0/floatingips/{id}", """{"port_id":null}""")).ShouldBeNeutronError(400, "BadRequest");

        (await app.Host.ShowNeutronFloatingIp(Demo, id))["revision_number"]!.GetValue<long>().ShouldBe(1, "no refused update changed anything");
        (await app.Host.ShowNeutronFloatingIp(TestAccount.Other, theirs))["description"].Str().ShouldBe("");
    }
}
