using CloudNet.Compute.Servers;
using CloudNet.Compute.VirtualInterfaces;
using CloudNet.Errors;
using CloudNet.Identity;
using CloudNet.Networks;

namespace CloudNet.Tests.Compute.VirtualInterfaces.Rules;

/// <summary>Pure: <see cref="VirtualInterfaceRules"/>, state in, an event, a port or a rejection out. No host, no database.</summary>
public class virtual_interface_rules
{
    static readonly Caller Demo = new("u-demo", "demo", "tenant-demo");
    static readonly DateTimeOffset Now = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);
    static readonly Guid ServerId = Guid.Parse("0193a1b2-0000-7000-8000-0000000000a1");
    static readonly Guid Isolated = Guid.Parse("0193a1b2-0000-7000-8000-0000000000c3");

    static ServerPort Port(Guid networkId, string label, params string[] addresses) =>
        new(Guid.CreateVersion7(), networkId, label, "FA:16:3E:00:00:01",
            addresses.Select(a => new FixedIp(Guid.NewGuid(), a, a.Contains(':') ? 6 : 4)).ToList());

    static readonly ServerPort PublicPort = Port(WellKnownNetworks.PublicNet, "public", "198.51.100.5", "2001:db8:100::5");
    static readonly ServerPort PrivatePort = Port(WellKnownNetworks.ServiceNet, "private", "10.176.0.5");

    static Server AServer(IReadOnlyList<ServerPort>? ports = null, IReadOnlyList<AttachedFloatingIp>? floating = null) =>
        new(ServerId, "tenant-demo", "web", "img", "flv", new Dictionary<string, string>(), ports ?? [PublicPort, PrivatePort],
            floating ?? [], "u-demo", Now, Now);

    static Network ANetwork(Guid? id = null, bool withSubnet = true)
    {
        var networkId = id ?? Isolated;
        var network = Network.Create(new NetworkCreated(networkId, "tenant-demo", "isolated", "demo", Now));
        return withSubnet
            ? network.Apply(new SubnetCreated(networkId, new Subnet(Guid.NewGuid(), "isolated", "192.168.0.0/24", 4, "192.168.0.1", Now), "demo", Now))
            : network;
    }

    static Rejection Refused(Action act, RejectionKind kind)
    {
        var rejection = Should.Throw<Rejection>(act);
        rejection.Kind.ShouldBe(kind);
        return rejection;
    }

    // ---- EnsureAttachable ----

    [Fact]
    public void a_network_the_server_is_not_on_with_a_subnet_is_attachable() =>
        Should.NotThrow(() => VirtualInterfaceRules.EnsureAttachable(AServer(), ANetwork()));

    [Fact]
    public void a_server_without_interfaces_can_attach_anything_with_a_subnet() =>
        Should.NotThrow(() => VirtualInterfaceRules.EnsureAttachable(AServer(ports: []), ANetwork(WellKnownNetworks.PublicNet)));

    [Fact]
    public void a_second_interface_on_a_network_is_409_naming_server_and_network()
    {
        var server = AServer(ports: [PublicPort, PrivatePort, Port(Isolated, "isolated", "192.168.0.2")]);

        var rejection = Refused(() => VirtualInterfaceRules.EnsureAttachable(server, ANetwork()), RejectionKind.Conflict);

        rejection.Message.ShouldContain(ServerId.ToString());
        rejection.Message.ShouldContain(Isolated.ToString());
    }

    [Fact]
    public void a_network_the_server_booted_on_is_409() =>
        Refused(() => VirtualInterfaceRules.EnsureAttachable(AServer(), ANetwork(WellKnownNetworks.ServiceNet)), RejectionKind.Conflict);

    [Fact]
    public void a_port_without_addresses_on_the_network_still_counts() =>
        Refused(() => VirtualInterfaceRules.EnsureAttachable(AServer(ports: [Port(Isolated, "isolated")]), ANetwork()), RejectionKind.Conflict);

    [Fact]
    public void a_network_without_a_subnet_is_400_naming_the_network()
    {
        var rejection = Refused(() => VirtualInterfaceRules.EnsureAttachable(AServer(), ANetwork(withSubnet: false)), RejectionKind.BadRequest);

        rejection.Message.ShouldContain(Isolated.ToString());
        rejection.Message.ShouldContain("subnet");
    }

    [Fact]
    public void the_duplicate_is_reported_before_the_missing_subnet() =>
        Refused(() => VirtualInterfaceRules.EnsureAttachable(AServer(ports: [Port(Isolated, "isolated")]), ANetwork(withSubnet: false)),
            RejectionKind.Conflict);

    // ---- Attach ----

    [Fact]
    public void attach_records_server_port_who_and_when()
    {
        var port = Port(Isolated, "isolated", "192.168.0.2");

        var e = VirtualInterfaceRules.Attach(AServer(), port, Demo, Now);

        e.ShouldBe(new VirtualInterfaceAttached(ServerId, port, "demo", Now));
    }

    // ---- Interface ----

    [Fact]
    public void interface_finds_the_port_by_its_id()
    {
        var server = AServer();

        VirtualInterfaceRules.Interface(server, PrivatePort.PortId.ToString()).ShouldBeSameAs(PrivatePort);
        VirtualInterfaceRules.Interface(server, PublicPort.PortId.ToString()).ShouldBeSameAs(PublicPort);
    }

    [Fact]
    public void interface_accepts_the_id_in_upper_case() =>
        VirtualInterfaceRules.Interface(AServer(), PrivatePort.PortId.ToString().ToUpperInvariant()).ShouldBeSameAs(PrivatePort);

    [Theory]
    [InlineData("not-a-uuid")]
    [InlineData("")]
    [InlineData("0193a1b2-0000-7000-8000-0000000000ff")]
    public void an_unknown_or_malformed_id_is_404_naming_it(string vifId)
    {
        var rejection = Refused(() => VirtualInterfaceRules.Interface(AServer(), vifId), RejectionKind.NotFound);

        rejection.Message.ShouldBe(VirtualInterfaceRules.NotFound(vifId).Message);
        rejection.Message.ShouldContain($"Virtual interface {vifId} ");
    }

    [Fact]
    public void another_servers_port_is_not_found_on_this_one()
    {
        var elsewhere = Port(Isolated, "isolated", "192.168.0.9");

        Refused(() => VirtualInterfaceRules.Interface(AServer(), elsewhere.PortId.ToString()), RejectionKind.NotFound);
    }

    // ---- FloatingIpsThrough ----

    static AttachedFloatingIp Floating(string fixedIp) => new(Guid.NewGuid(), $"203.0.113.{fixedIp.Length}", fixedIp);

    [Fact]
    public void floating_ips_mapped_to_the_ports_addresses_go_with_it()
    {
        var onPublicV4 = Floating("198.51.100.5");
        var onPublicV6 = Floating("2001:db8:100::5");
        var onPrivate = Floating("10.176.0.5");
        var server = AServer(floating: [onPublicV4, onPrivate, onPublicV6]);

        VirtualInterfaceRules.FloatingIpsThrough(server, PublicPort).ShouldBe([onPublicV4, onPublicV6]);
        VirtualInterfaceRules.FloatingIpsThrough(server, PrivatePort).ShouldBe([onPrivate]);
    }

    [Fact]
    public void no_floating_ip_through_a_port_is_an_empty_list()
    {
        VirtualInterfaceRules.FloatingIpsThrough(AServer(), PublicPort).ShouldBeEmpty();
        VirtualInterfaceRules.FloatingIpsThrough(AServer(floating: [Floating("10.176.0.5")]), Port(Isolated, "isolated")).ShouldBeEmpty();
    }

    [Fact]
    public void an_address_of_another_network_that_looks_alike_is_not_through_the_port()
    {
        // Same text, different port: only the port's own addresses count.
        var lookalike = Floating("192.168.0.2");
        var server = AServer(floating: [lookalike]);

        VirtualInterfaceRules.FloatingIpsThrough(server, Port(Isolated, "isolated", "192.168.0.3")).ShouldBeEmpty();
    }
}
