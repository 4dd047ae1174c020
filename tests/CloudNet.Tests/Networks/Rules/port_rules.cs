using System.Net;
using CloudNet.Errors;
using CloudNet.Identity;
using CloudNet.Networks;
using CloudNet.Networks.Ports;

namespace CloudNet.Tests.Networks.Rules;

/// <summary>Pure: <see cref="PortRules"/>, Neutron's rules for ports.</summary>
public class port_rules
{
    static readonly Caller Demo = new("u-demo", "demo", "tenant-demo");
    static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    static readonly Guid NetworkId = Guid.Parse("0193a1b2-0000-7000-8000-0000000000e1");
    static readonly Guid SubnetId = Guid.Parse("0193a1b2-0000-7000-8000-0000000000f1");
    static readonly Network Net = new(NetworkId, NetworkId, "tenant-demo", "net", [], Now, Now);

    static Port APort(Guid? serverId = null, params string[] addresses) => Port.Create(PortRules.Create(Guid.NewGuid(), Net,
        new PortChanges(DeviceId: serverId?.ToString()), "fa:16:3e:00:00:01", addresses.Select(a => new FixedIp(SubnetId, a, 4)).ToList(),
        serverId, Demo, Now));

    [Theory]
    [InlineData("FA:16:3E:0A:0B:0C", "fa:16:3e:0a:0b:0c")]
    [InlineData("fa-16-3e-0a-0b-0c", "fa:16:3e:0a:0b:0c")]
    public void a_mac_is_stored_as_neutron_writes_it(string given, string stored) => PortRules.Mac(given).ShouldBe(stored);

    [Theory]
    [InlineData("fa:16:3e:0a:0b")]
    [InlineData("zz:16:3e:0a:0b:0c")]
    [InlineData("00:00:00:00:00:00")]
    [InlineData("01:00:5e:00:00:01")]
    [InlineData("ff:ff:ff:ff:ff:ff")]
    public void a_mac_that_is_not_a_unicast_address_is_400(string given) =>
        Should.Throw<Rejection>(() => PortRules.Mac(given)).Kind.ShouldBe(RejectionKind.BadRequest);

    [Fact]
    public void a_new_port_takes_the_networks_port_security_and_neutrons_defaults()
    {
        var port = APort(null, "10.0.0.2");
        (port.Status, port.Attributes.AdminStateUp, port.Attributes.PortSecurityEnabled, port.Attributes.VnicType, port.HolderKind)
            .ShouldBe(("DOWN", true, true, "normal", AddressHolder.Port));
        APort(Guid.NewGuid()).HolderKind.ShouldBe(AddressHolder.ServerPort);
    }

    [Fact]
    public void fixed_ips_on_update_keep_what_is_named_release_the_rest_and_ask_for_new_ones()
    {
        var port = APort(null, "10.0.0.2", "10.0.0.3");
        var (kept, released, wanted) = PortRules.FixedIpChanges(port,
            [new AddressRequest(null, IPAddress.Parse("10.0.0.3")), new AddressRequest(SubnetId, null), new AddressRequest(null, IPAddress.Parse("10.0.0.9"))]);
        kept.Select(k => k.Address).ShouldBe(["10.0.0.3"]);
        released.Select(r => r.Address).ShouldBe(["10.0.0.2"]);
        wanted.Count.ShouldBe(2);
    }

    [Fact]
    public void a_servers_port_keeps_its_device_and_nothing_changed_records_nothing()
    {
        var held = APort(Guid.NewGuid(), "10.0.0.2");
        Should.Throw<Rejection>(() => PortRules.Update(held, new PortChanges(DeviceId: "other"), 1, Demo, Now)).Code.ShouldBe("PortInUse");
        PortRules.Update(held, new PortChanges(Name: ""), 1, Demo, Now).ShouldBeNull();
        PortRules.Update(held, new PortChanges(Name: "n"), 1, Demo, Now)!.Attributes.Name.ShouldBe("n");
        Should.Throw<Rejection>(() => PortRules.Update(held, new PortChanges(MacAddress: "fa:16:3e:00:00:02"), 1, Demo, Now)).Kind.ShouldBe(RejectionKind.Forbidden);
    }

    [Fact]
    public void address_pairs_need_port_security_and_default_to_the_ports_mac()
    {
        var pairs = PortRules.Create(Guid.NewGuid(), Net, new PortChanges(AllowedAddressPairs: [new("10.1.0.0/24", "")]), "fa:16:3e:00:00:09", [], null, Demo, Now);
        pairs.Attributes.AllowedAddressPairs.ShouldBe([new AllowedAddressPair("10.1.0.0/24", "fa:16:3e:00:00:09")]);
        Should.Throw<Rejection>(() => PortRules.Create(Guid.NewGuid(), Net,
            new PortChanges(PortSecurityEnabled: false, AllowedAddressPairs: [new("10.1.0.1", "")]), "fa:16:3e:00:00:09", [], null, Demo, Now))
            .Code.ShouldBe("AddressPairAndPortSecurityRequired");
        Should.Throw<Rejection>(() => PortRules.Create(Guid.NewGuid(), Net,
            new PortChanges(AllowedAddressPairs: [new("10.1.0.1", ""), new("10.1.0.1", "")]), "fa:16:3e:00:00:09", [], null, Demo, Now))
            .Code.ShouldBe("DuplicateAddressPairInRequest");
    }
}
