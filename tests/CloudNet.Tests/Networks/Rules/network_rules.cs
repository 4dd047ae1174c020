using CloudNet.Errors;
using CloudNet.Identity;
using CloudNet.Networks;

namespace CloudNet.Tests.Networks.Rules;

/// <summary>Pure: <see cref="NetworkRules"/> with state and command in, events or a rejection out. No host, no database.</summary>
public class network_rules
{
    static readonly Caller Demo = new("u-demo", "demo", "tenant-demo");
    static readonly Caller Other = new("u-other", "other", "tenant-other");
    static readonly DateTimeOffset Now = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);
    static readonly Guid NetworkId = Guid.Parse("0193a1b2-0000-7000-8000-0000000000e1");
    static readonly Guid SubnetId = Guid.Parse("0193a1b2-0000-7000-8000-0000000000f1");

    static Network ANetwork(string? tenant = "tenant-demo", params Subnet[] subnets) =>
        new(NetworkId, NetworkId, tenant, "net", subnets, Now, Now);

    static Subnet ASubnet(string cidr, string? gateway, int version = 4) => new(Guid.NewGuid(), "s", cidr, version, gateway, Now);

    static Rejection Refused(Action act, RejectionKind kind, string? code = null)
    {
        var rejection = Should.Throw<Rejection>(act);
        rejection.Kind.ShouldBe(kind, rejection.Message);
        if (code is not null) rejection.Code.ShouldBe(code, rejection.Message);
        return rejection;
    }

    static SubnetCreated Create(string? cidr, int? version = null, bool gatewayGiven = false, string? gateway = null, Network? network = null,
        Caller? caller = null, string? name = "s") =>
        SubnetRules.Create(network ?? ANetwork(), SubnetId, cidr, version, new SubnetChanges(Name: name, GatewayGiven: gatewayGiven, Gateway: gateway),
            caller ?? Demo, Now);

    // ---- Label ----

    [Theory]
    [InlineData("a")]
    [InlineData("my network")]
    [InlineData("ünïcødé")]
    public void a_label_of_1_to_255_characters_is_kept(string label) => NetworkRules.Label(label).ShouldBe(label);

    [Fact]
    public void a_label_of_255_characters_is_the_longest()
    {
        NetworkRules.Label(new string('x', 255)).Length.ShouldBe(255);
        Refused(() => NetworkRules.Label(new string('x', 256)), RejectionKind.BadRequest, "InvalidInput");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void a_missing_label_is_400_naming_the_field(string? label)
    {
        Refused(() => NetworkRules.Label(label), RejectionKind.BadRequest, "InvalidInput").Message.ShouldContain("name");
        Refused(() => NetworkRules.Label(label, "label"), RejectionKind.BadRequest, "InvalidInput").Message.ShouldContain("label");
    }

    // ---- Create ----

    [Fact]
    public void create_gives_a_network_of_the_callers_tenant()
    {
        var created = NetworkRules.Create(NetworkId, "web", Demo, Now);

        created.ShouldBe(new NetworkCreated(NetworkId, "tenant-demo", "web", "demo", Now));
        var network = Network.Create(created);
        network.IsShared.ShouldBeFalse();
        network.Subnets.ShouldBeEmpty();
        network.VisibleTo("tenant-demo").ShouldBeTrue();
        network.VisibleTo("tenant-other").ShouldBeFalse();
    }

    [Fact]
    public void create_without_a_label_is_400() => Refused(() => NetworkRules.Create(NetworkId, "", Demo, Now), RejectionKind.BadRequest);

    [Fact]
    public void create_can_name_the_field_it_validates() =>
        Refused(() => NetworkRules.Create(NetworkId, "", Demo, Now, "label"), RejectionKind.BadRequest).Message.ShouldContain("label");

    // ---- CreateSubnet: CIDR ----

    [Fact]
    public void a_subnet_takes_the_cidr_the_name_and_the_first_address_as_gateway()
    {
        var created = Create("10.0.0.0/24", name: "lan");

        created.NetworkId.ShouldBe(NetworkId);
        created.By.ShouldBe("demo");
        created.At.ShouldBe(Now);
        created.Subnet.ShouldBe(new Subnet(SubnetId, "lan", "10.0.0.0/24", 4, "10.0.0.1", Now));
    }

    [Fact]
    public void a_missing_name_is_empty() => Create("10.0.0.0/24", name: null).Subnet.Name.ShouldBe("");

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("10.0.0.0")]
    [InlineData("10.0.0.0/")]
    [InlineData("10.0.0.0/33")]
    [InlineData("10.0.0.0/-1")]
    [InlineData("10.0.0.0/024")]
    [InlineData("10.0.0/24")]
    [InlineData("010.0.0.0/24")]
    [InlineData("10.0.0.256/24")]
    [InlineData("2001:db8::/129")]
    [InlineData("2001:db8::zz/64")]
    [InlineData("fe80::%eth0/64")]
    [InlineData("garbage")]
    public void an_invalid_cidr_is_400_invalid_input(string? cidr) => Refused(() => Create(cidr), RejectionKind.BadRequest, "InvalidInput");

    [Theory]
    [InlineData("10.0.0.5/24")]
    [InlineData("10.0.0.1/8")]
    [InlineData("2001:db8::1/64")]
    public void a_cidr_with_host_bits_set_is_400(string cidr) =>
        Refused(() => Create(cidr), RejectionKind.BadRequest, "InvalidInput").Message.ShouldContain("host bits");

    [Fact]
    public void a_cidr_is_stored_in_canonical_form() =>
        Create("2001:DB8:0:0::/64", 6).Subnet.Cidr.ShouldBe("2001:db8::/64");

    // ---- CreateSubnet: version ----

    [Theory]
    [InlineData("10.0.0.0/24", 6)]
    [InlineData("2001:db8::/64", 4)]
    public void a_version_that_does_not_match_the_cidr_is_400(string cidr, int version) =>
        Refused(() => Create(cidr, version), RejectionKind.BadRequest, "InvalidInput");

    [Theory]
    [InlineData("10.0.0.0/24", 4, 4)]
    [InlineData("10.0.0.0/24", null, 4)]
    [InlineData("2001:db8::/64", 6, 6)]
    [InlineData("2001:db8::/64", null, 6)]
    public void the_version_is_that_of_the_cidr(string cidr, int? stated, int expected) =>
        Create(cidr, stated).Subnet.Version.ShouldBe(expected);

    // ---- CreateSubnet: tiny blocks ----

    [Theory]
    [InlineData("10.0.0.0/32")]
    [InlineData("2001:db8::/128")]
    public void a_block_of_one_address_has_no_room(string cidr) =>
        Refused(() => Create(cidr), RejectionKind.BadRequest, "InvalidInput").Message.ShouldContain("no room");

    [Theory]
    [InlineData("10.0.0.0/30", "10.0.0.1")]
    [InlineData("10.0.0.0/31", "10.0.0.0")]
    [InlineData("2001:db8::/127", "2001:db8::")]
    [InlineData("2001:db8::/126", "2001:db8::1")]
    public void the_smallest_blocks_keep_one_address_beside_the_gateway(string cidr, string gateway)
    {
        var subnet = Create(cidr).Subnet;

        subnet.Gateway.ShouldBe(gateway);
        subnet.Block().UsableCount.ShouldBeGreaterThanOrEqualTo(1);
    }

    // ---- CreateSubnet: overlap ----

    [Theory]
    [InlineData("10.0.0.0/24")]
    [InlineData("10.0.0.128/25")]
    [InlineData("10.0.0.0/16")]
    [InlineData("10.0.0.252/30")]
    public void a_subnet_overlapping_another_of_the_network_is_400(string cidr)
    {
        var network = ANetwork("tenant-demo", ASubnet("10.0.0.0/24", "10.0.0.1"));

        Refused(() => Create(cidr, network: network), RejectionKind.BadRequest, "InvalidInput").Message.ShouldContain("overlaps");
    }

    [Theory]
    [InlineData("10.0.1.0/24")]
    [InlineData("10.1.0.0/16")]
    [InlineData("2001:db8::/64")]
    public void a_subnet_beside_the_others_is_fine(string cidr)
    {
        var network = ANetwork("tenant-demo", ASubnet("10.0.0.0/24", "10.0.0.1"));

        Create(cidr, network: network).Subnet.Cidr.ShouldBe(cidr);
    }

    [Fact]
    public void ipv4_and_ipv6_blocks_never_overlap_each_other()
    {
        // ::/96 holds the same bits as 0.0.0.0/0 but is another family.
        var network = ANetwork("tenant-demo", ASubnet("0.0.0.0/1", "0.0.0.1"));

        Create("::/96", network: network).Subnet.Version.ShouldBe(6);
    }

    // ---- CreateSubnet: gateway ----

    [Fact]
    public void an_explicit_gateway_is_kept()
    {
        Create("10.0.0.0/24", gatewayGiven: true, gateway: "10.0.0.254").Subnet.Gateway.ShouldBe("10.0.0.254");
        Create("2001:db8::/64", gatewayGiven: true, gateway: "2001:DB8::FE").Subnet.Gateway.ShouldBe("2001:db8::fe");
    }

    [Fact]
    public void a_null_gateway_that_was_given_means_no_gateway() =>
        Create("10.0.0.0/24", gatewayGiven: true, gateway: null).Subnet.Gateway.ShouldBeNull();

    [Fact]
    public void an_absent_gateway_defaults_to_the_first_usable_address()
    {
        Create("10.0.0.0/24").Subnet.Gateway.ShouldBe("10.0.0.1");
        Create("2001:db8::/64").Subnet.Gateway.ShouldBe("2001:db8::1");
    }

    [Theory]
    [InlineData("10.0.1.1")]
    [InlineData("2001:db8::1")]
    [InlineData("10.0.0.0")]
    [InlineData("10.0.0.255")]
    [InlineData("10.0.0.01")]
    [InlineData("10.0.0")]
    [InlineData("")]
    [InlineData("gateway")]
    public void a_gateway_outside_the_block_or_reserved_or_malformed_is_400(string gateway) =>
        Refused(() => Create("10.0.0.0/24", gatewayGiven: true, gateway: gateway), RejectionKind.BadRequest, "InvalidInput")
            .Message.ShouldContain("gateway_ip");

    [Fact]
    public void the_ipv6_subnet_router_anycast_address_is_no_gateway() =>
        Refused(() => Create("2001:db8::/64", gatewayGiven: true, gateway: "2001:db8::"), RejectionKind.BadRequest, "InvalidInput");

    [Fact]
    public void a_gateway_that_takes_the_last_address_of_a_30_leaves_one()
    {
        var subnet = Create("10.0.0.0/30", gatewayGiven: true, gateway: "10.0.0.2").Subnet;

        SubnetRules.AllocationPools(subnet).ShouldBe([("10.0.0.1", "10.0.0.1")]);
    }

    // ---- CreateSubnet: ownership ----

    [Fact]
    public void only_the_owner_adds_subnets()
    {
        Refused(() => Create("10.0.0.0/24", caller: Other), RejectionKind.Forbidden, "PolicyNotAuthorized");
        Refused(() => Create("10.0.0.0/24", network: ANetwork(tenant: null)), RejectionKind.Forbidden, "PolicyNotAuthorized");
    }

    // ---- CanRemove ----

    [Fact]
    public void removal_outcomes()
    {
        NetworkRules.CanRemove(null, Demo, false).ShouldBe(RemovalOutcome.NotFound);
        NetworkRules.CanRemove(ANetwork("tenant-other"), Demo, false).ShouldBe(RemovalOutcome.NotFound);
        NetworkRules.CanRemove(ANetwork(tenant: null), Demo, false).ShouldBe(RemovalOutcome.NotOwned);
        NetworkRules.CanRemove(ANetwork(tenant: null), Demo, true).ShouldBe(RemovalOutcome.NotOwned);
        NetworkRules.CanRemove(ANetwork(), Demo, true).ShouldBe(RemovalOutcome.InUse);
        NetworkRules.CanRemove(ANetwork(), Demo, false).ShouldBe(RemovalOutcome.Removed);
        NetworkRules.CanRemove(ANetwork(), Other, false).ShouldBe(RemovalOutcome.NotFound);
    }

    // ---- AllocationPools ----

    [Fact]
    public void pools_start_after_a_gateway_on_the_first_address() =>
        SubnetRules.AllocationPools(ASubnet("10.0.0.0/24", "10.0.0.1")).ShouldBe([("10.0.0.2", "10.0.0.254")]);

    [Fact]
    public void pools_go_around_a_gateway_in_the_middle() =>
        SubnetRules.AllocationPools(ASubnet("10.0.0.0/24", "10.0.0.100")).ShouldBe([("10.0.0.1", "10.0.0.99"), ("10.0.0.101", "10.0.0.254")]);

    [Fact]
    public void pools_end_before_a_gateway_on_the_last_usable_address() =>
        SubnetRules.AllocationPools(ASubnet("10.0.0.0/24", "10.0.0.254")).ShouldBe([("10.0.0.1", "10.0.0.253")]);

    [Fact]
    public void without_a_gateway_the_pool_is_every_usable_address()
    {
        SubnetRules.AllocationPools(ASubnet("10.0.0.0/24", null)).ShouldBe([("10.0.0.1", "10.0.0.254")]);
        SubnetRules.AllocationPools(ASubnet("10.176.0.0/16", null)).ShouldBe([("10.176.0.1", "10.176.255.254")]);
    }

    [Fact]
    public void ipv6_pools_run_to_the_last_address_of_the_block()
    {
        SubnetRules.AllocationPools(ASubnet("2001:db8::/64", "2001:db8::1", 6)).ShouldBe([("2001:db8::2", "2001:db8::ffff:ffff:ffff:ffff")]);
        SubnetRules.AllocationPools(ASubnet("2001:db8::/64", null, 6)).ShouldBe([("2001:db8::1", "2001:db8::ffff:ffff:ffff:ffff")]);
        SubnetRules.AllocationPools(ASubnet("2001:db8::/120", "2001:db8::1", 6)).ShouldBe([("2001:db8::2", "2001:db8::ff")]);
    }

    [Fact]
    public void an_ipv6_gateway_anywhere_in_a_large_block_splits_the_pool()
    {
        SubnetRules.AllocationPools(ASubnet("2001:db8::/64", "2001:db8::ffff:ffff:ffff:fffe", 6))
            .ShouldBe([("2001:db8::1", "2001:db8::ffff:ffff:ffff:fffd"), ("2001:db8::ffff:ffff:ffff:ffff", "2001:db8::ffff:ffff:ffff:ffff")]);
        SubnetRules.AllocationPools(ASubnet("2001:db8::/64", "2001:db8::ffff:ffff:ffff:ffff", 6))
            .ShouldBe([("2001:db8::1", "2001:db8::ffff:ffff:ffff:fffe")]);
        SubnetRules.AllocationPools(ASubnet("2001:db8::/48", "2001:db8:0:8000::1", 6))
            .ShouldBe([("2001:db8::1", "2001:db8:0:8000::"), ("2001:db8:0:8000::2", "2001:db8:0:ffff:ffff:ffff:ffff:ffff")]);
    }

    [Fact]
    public void tiny_blocks_have_tiny_pools()
    {
        SubnetRules.AllocationPools(ASubnet("10.0.0.0/30", "10.0.0.1")).ShouldBe([("10.0.0.2", "10.0.0.2")]);
        SubnetRules.AllocationPools(ASubnet("10.0.0.0/31", "10.0.0.0")).ShouldBe([("10.0.0.1", "10.0.0.1")]);
        SubnetRules.AllocationPools(ASubnet("10.0.0.0/31", null)).ShouldBe([("10.0.0.0", "10.0.0.1")]);
    }
}
