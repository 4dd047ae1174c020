using CloudNet.Compute.Servers;
using CloudNet.Networks;

namespace CloudNet.Tests.Compute.VirtualInterfaces.Rules;

/// <summary>Pure: the server aggregate's <c>Apply</c> for <see cref="VirtualInterfaceAttached"/> and <see cref="VirtualInterfaceDetached"/>.</summary>
public class server_interface_events
{
    static readonly DateTimeOffset Created = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);
    static readonly DateTimeOffset Later = Created.AddMinutes(5);
    static readonly Guid ServerId = Guid.Parse("0193a1b2-0000-7000-8000-0000000000a1");
    static readonly Guid Isolated = Guid.Parse("0193a1b2-0000-7000-8000-0000000000c3");

    static ServerPort Port(Guid networkId, string label, string address) =>
        new(Guid.CreateVersion7(), networkId, label, "FA:16:3E:00:00:0" + label.Length, [new FixedIp(Guid.NewGuid(), address, 4)]);

    static readonly ServerPort PublicPort = Port(WellKnownNetworks.PublicNet, "public", "198.51.100.5");
    static readonly ServerPort PrivatePort = Port(WellKnownNetworks.ServiceNet, "private", "10.176.0.5");

    static Server Booted() => Server.Create(new ServerCreated(ServerId, "tenant-demo", "web", "img", "flv", new Dictionary<string, string>(),
        [PublicPort, PrivatePort], "u-demo", "demo", Created));

    [Fact]
    public void attached_adds_the_port_last_and_touches_updated()
    {
        var port = Port(Isolated, "isolated", "192.168.0.2");
        var before = Booted();

        var after = before.Apply(new VirtualInterfaceAttached(ServerId, port, "demo", Later));

        after.Ports.ShouldBe([PublicPort, PrivatePort, port]);
        after.FixedIps.Select(f => f.Address).ShouldBe(["198.51.100.5", "10.176.0.5", "192.168.0.2"]);
        after.Updated.ShouldBe(Later);
        after.Created.ShouldBe(Created);
        before.Ports.Count.ShouldBe(2, "the state it came from is unchanged");
        before.Updated.ShouldBe(Created);
    }

    [Fact]
    public void detached_removes_only_that_port_and_touches_updated()
    {
        var port = Port(Isolated, "isolated", "192.168.0.2");
        var attached = Booted().Apply(new VirtualInterfaceAttached(ServerId, port, "demo", Created));

        var after = attached.Apply(new VirtualInterfaceDetached(ServerId, PublicPort.PortId, WellKnownNetworks.PublicNet, "demo", Later));

        after.Ports.ShouldBe([PrivatePort, port]);
        after.Updated.ShouldBe(Later);
        attached.Ports.Count.ShouldBe(3);
    }

    [Fact]
    public void detaching_an_unknown_port_leaves_the_ports_as_they_were()
    {
        var after = Booted().Apply(new VirtualInterfaceDetached(ServerId, Guid.NewGuid(), Isolated, "demo", Later));

        after.Ports.ShouldBe([PublicPort, PrivatePort]);
    }

    [Fact]
    public void attach_detach_attach_on_one_network_leaves_only_the_last_port()
    {
        var first = Port(Isolated, "isolated", "192.168.0.2");
        var second = Port(Isolated, "isolated", "192.168.0.2");

        var server = Booted()
            .Apply(new VirtualInterfaceAttached(ServerId, first, "demo", Created))
            .Apply(new VirtualInterfaceDetached(ServerId, first.PortId, Isolated, "demo", Created))
            .Apply(new VirtualInterfaceAttached(ServerId, second, "demo", Later));

        server.Ports.Where(p => p.NetworkId == Isolated).ShouldBe([second]);
    }

    [Fact]
    public void floating_ips_are_left_to_their_own_events()
    {
        var floating = new AttachedFloatingIp(Guid.NewGuid(), "203.0.113.7", "198.51.100.5");
        var server = Booted().Apply(new FloatingIpAddedToServer(ServerId, floating.FloatingIpId, floating.Address, floating.FixedIp, "demo", Created));

        var after = server.Apply(new VirtualInterfaceDetached(ServerId, PublicPort.PortId, WellKnownNetworks.PublicNet, "demo", Later));

        after.FloatingIps.ShouldBe([floating], "the detach endpoint removes it with FloatingIpRemovedFromServer first");
    }
}
