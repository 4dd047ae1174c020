using Alba;
using CloudNet.Compute.FloatingIps;
using CloudNet.Compute.Servers;
using CloudNet.Networks;
using CloudNet.Tests.Networks.Routers;
using CloudNet.Tests.Support;
using JasperFx.Events;
using static CloudNet.Tests.Compute.VirtualInterfaces.VirtualInterfaceScenarios;

namespace CloudNet.Tests.Compute.VirtualInterfaces;

/// <summary>Attaching and detaching are events of the server's stream; the addresses they take and give back are events
/// of the network's stream. Each carries the user and the request id the client saw in <c>X-Compute-Request-Id</c>.</summary>
public class virtual_interface_events(RoomyQuota app) : IClassFixture<RoomyQuota>
{
    static string RequestId(IScenarioResult result) =>
        result.Header("X-Compute-Request-Id").ShouldNotBeNull("every compute response carries X-Compute-Request-Id");

    static void ShouldBeCausedBy(IEvent e, string requestId)
    {
        e.UserName.ShouldBe("demo", $"{e.EventTypeName}.UserName");
        e.CorrelationId.ShouldBe(requestId, $"{e.EventTypeName}.CorrelationId");
    }

    [Fact]
    public async Task attach_then_detach_are_two_server_events_and_two_network_events_under_their_request_ids()
    {
        var networkId = await app.Host.IsolatedNetwork(TestAccount.Demo, "evented", "192.168.70.0/24");
        var serverId = await app.Host.ServerOn(TestAccount.Demo, "evented");

        var attach = await app.Host.PostInterface(TestAccount.Demo, serverId, networkId);
        attach.Status().ShouldBe(200);
        var vif = (await attach.Json())["virtual_interfaces"]![0]!;
        var detach = await app.Host.DetachInterface(TestAccount.Demo, serverId, vif["id"].Str());
        detach.Status().ShouldBe(200);
        var (attachId, detachId) = (RequestId(attach), RequestId(detach));
        attachId.ShouldNotBe(detachId);

        var serverEvents = await app.Host.Stream(Guid.Parse(serverId));
        serverEvents.Select(e => e.EventType).ShouldBe([typeof(ServerCreated), typeof(VirtualInterfaceAttached), typeof(VirtualInterfaceDetached)]);
        ShouldBeCausedBy(serverEvents[1], attachId);
        ShouldBeCausedBy(serverEvents[2], detachId);
        var attached = (VirtualInterfaceAttached)serverEvents[1].Data;
        attached.ServerId.ShouldBe(Guid.Parse(serverId));
        attached.By.ShouldBe("demo");
        attached.Port.PortId.ShouldBe(Guid.Parse(vif["id"].Str()));
        attached.Port.NetworkId.ShouldBe(Guid.Parse(networkId));
        attached.Port.NetworkLabel.ShouldBe("evented");
        attached.Port.MacAddress.ShouldBe(vif["mac_address"].Str());
        attached.Port.FixedIps.Select(f => f.Address).ShouldBe(["192.168.70.2"]);
        var detached = (VirtualInterfaceDetached)serverEvents[2].Data;
        (detached.ServerId, detached.PortId, detached.NetworkId, detached.By)
            .ShouldBe((Guid.Parse(serverId), Guid.Parse(vif["id"].Str()), Guid.Parse(networkId), "demo"));

        var networkEvents = await app.Host.Stream(Guid.Parse(networkId));
        networkEvents.Select(e => e.EventType).ShouldBe([typeof(NetworkCreated), typeof(SubnetCreated)]);
        var addressEvents = await app.Host.Stream(AddressStreams.IdOf(Guid.Parse(networkId), System.Net.IPAddress.Parse("192.168.70.2")));
        addressEvents.Select(e => e.EventType).ShouldBe([typeof(NetworkAddressAssigned), typeof(NetworkAddressReleased)]);
        ShouldBeCausedBy(addressEvents[0], attachId);
        ShouldBeCausedBy(addressEvents[1], detachId);
        var subnetId = ((SubnetCreated)networkEvents[1].Data).Subnet.Id;
        var assigned = (NetworkAddressAssigned)addressEvents[0].Data;
        (assigned.NetworkId, assigned.SubnetId, assigned.Address, assigned.HolderId, assigned.HolderKind, assigned.DeviceId, assigned.TenantId, assigned.By)
            .ShouldBe((Guid.Parse(networkId), subnetId, "192.168.70.2", Guid.Parse(vif["id"].Str()), AddressHolder.ServerPort,
                (Guid?)Guid.Parse(serverId), TestAccount.Demo.TenantId, "demo"));
        var released = (NetworkAddressReleased)addressEvents[1].Data;
        (released.NetworkId, released.SubnetId, released.Address, released.HolderId, released.HolderKind, released.By)
            .ShouldBe((Guid.Parse(networkId), subnetId, "192.168.70.2", Guid.Parse(vif["id"].Str()), AddressHolder.ServerPort, "demo"));
    }

    [Fact]
    public async Task a_refused_attach_leaves_no_event()
    {
        var networkId = await app.Host.IsolatedNetwork(TestAccount.Demo, "refused", "192.168.71.0/24");
        var serverId = await app.Host.ServerOn(TestAccount.Demo, "refused");
        (await app.Host.PostInterface(TestAccount.Demo, serverId, networkId)).Status().ShouldBe(200);

        (await app.Host.PostInterface(TestAccount.Demo, serverId, networkId)).Status().ShouldBe(409);

        (await app.Host.Stream(Guid.Parse(serverId))).Count(e => e.Data is VirtualInterfaceAttached).ShouldBe(1);
        (await app.Host.AddressEvents(Guid.Parse(networkId))).Count(e => e.Data is NetworkAddressAssigned).ShouldBe(1);
    }

    [Fact]
    public async Task detaching_through_a_floating_ip_records_its_disassociation_in_both_streams_under_the_detach_request_id()
    {
        var networkId = await app.Host.IsolatedNetwork(TestAccount.Demo, "evented-floating", "192.168.72.0/24");
        var serverId = await app.Host.ServerOn(TestAccount.Demo, "evented-floating");
        var vif = await app.Host.AttachInterface(TestAccount.Demo, serverId, networkId);
        var ip = await app.Host.AllocateFloatingIp(TestAccount.Demo);
        await app.Host.RouteToDefaultPool(TestAccount.Demo, networkId); // a fixed IP on a tenant network is reached through a router
        (await app.Host.AddFloatingIp(TestAccount.Demo, serverId, ip["ip"].Str(), vif.Addresses().Single())).Status().ShouldBe(202);

        var detach = await app.Host.DetachInterface(TestAccount.Demo, serverId, vif["id"].Str());
        detach.Status().ShouldBe(200);

        var ipEvents = await app.Host.Stream(Guid.Parse(ip["id"].Str()));
        ipEvents.Select(e => e.EventType).ShouldBe([typeof(FloatingIpAllocated), typeof(FloatingIpAssociated), typeof(FloatingIpDisassociated)]);
        ShouldBeCausedBy(ipEvents[2], RequestId(detach));
        ((FloatingIpDisassociated)ipEvents[2].Data).ServerId.ShouldBe(Guid.Parse(serverId));
        var serverEvents = await app.Host.Stream(Guid.Parse(serverId));
        serverEvents.Select(e => e.EventType).ShouldBe([typeof(ServerCreated), typeof(VirtualInterfaceAttached), typeof(FloatingIpAddedToServer),
            typeof(FloatingIpRemovedFromServer), typeof(VirtualInterfaceDetached)]);
        ShouldBeCausedBy(serverEvents[3], RequestId(detach));
        ShouldBeCausedBy(serverEvents[4], RequestId(detach));
    }

    [Fact]
    public async Task deleting_a_server_detaches_each_interface_before_the_delete_and_releases_each_address()
    {
        var networkId = await app.Host.IsolatedNetwork(TestAccount.Demo, "evented-delete", "192.168.73.0/24");
        var serverId = (await app.Host.CreateServer(TestAccount.Demo, "evented-delete"))["id"].Str();
        var vif = await app.Host.AttachInterface(TestAccount.Demo, serverId, networkId);
        var ports = (await app.Host.ListInterfaces(TestAccount.Demo, serverId)).Select(v => Guid.Parse(v!["id"].Str())).ToList();
        ports.Count.ShouldBe(3);

        var delete = await app.Host.As(TestAccount.Demo, x => x.Delete.Url($"/servers/{serverId}"));
        delete.Status().ShouldBe(204);

        var serverEvents = await app.Host.Stream(Guid.Parse(serverId));
        serverEvents.Select(e => e.EventType).ShouldBe([typeof(ServerCreated), typeof(VirtualInterfaceAttached),
            typeof(VirtualInterfaceDetached), typeof(VirtualInterfaceDetached), typeof(VirtualInterfaceDetached), typeof(ServerDeleted)]);
        serverEvents.Skip(2).Select(e => e.Data switch { VirtualInterfaceDetached d => d.ServerId, ServerDeleted d => d.ServerId, _ => Guid.Empty })
            .ShouldAllBe(id => id == Guid.Parse(serverId));
        serverEvents.Skip(2).Take(3).Select(e => ((VirtualInterfaceDetached)e.Data).PortId).Order().ShouldBe(ports.Order());
        foreach (var e in serverEvents.Skip(2)) ShouldBeCausedBy(e, RequestId(delete));

        var released = (await app.Host.AddressEvents(Guid.Parse(networkId))).Where(e => e.Data is NetworkAddressReleased).ToList();
        released.Count.ShouldBe(1);
        ((NetworkAddressReleased)released[0].Data).HolderId.ShouldBe(Guid.Parse(vif["id"].Str()));
        ShouldBeCausedBy(released[0], RequestId(delete));
    }
}
