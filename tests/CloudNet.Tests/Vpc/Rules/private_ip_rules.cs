using System.Net;
using CloudNet.Errors;
using CloudNet.Identity;
using CloudNet.Ipam;
using CloudNet.Networks;
using CloudNet.Vpc.PrivateIps;
using CloudNet.Vpc.PrivateIps.Assigning;

namespace CloudNet.Tests.Vpc.Rules;

/// <summary>Pure: <see cref="PrivateIpRules"/> takes state and a command, and gives events or a rejection. No host, no database.</summary>
public class private_ip_rules
{
    static readonly Caller Demo = new("u-demo", "demo", "tenant-demo");
    static readonly Caller Other = new("u-other", "other", "tenant-other");
    static readonly DateTimeOffset Now = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    static readonly Guid NetworkId = Guid.Parse("0193a1b2-0000-7000-8000-0000000000aa");
    static readonly Guid V4SubnetId = Guid.Parse("0193a1b2-0000-7000-8000-0000000000b4");
    static readonly Guid V6SubnetId = Guid.Parse("0193a1b2-0000-7000-8000-0000000000b6");
    static readonly Guid IpId = Guid.Parse("0193a1b2-0000-7000-8000-000000000001");
    const string NetworkText = "0193a1b2-0000-7000-8000-0000000000aa";

    static readonly Subnet V4 = new(V4SubnetId, "v4", "192.168.1.0/24", 4, "192.168.1.1", Now);
    static readonly Subnet V6 = new(V6SubnetId, "v6", "2001:db8:1::/64", 6, "2001:db8:1::1", Now);

    static Network ANetwork(params Subnet[] subnets) => new(NetworkId, NetworkId, "tenant-demo", "net", subnets, Now, Now);

    static PrivateIp Ip(string tenant = "tenant-demo", string deviceOwner = "") =>
        new(IpId, tenant, NetworkId, V4SubnetId, "192.168.1.17", deviceOwner, Now);

    static Rejection Refused(Action act, RejectionKind kind, string code)
    {
        var rejection = Should.Throw<Rejection>(act);
        rejection.Kind.ShouldBe(kind);
        rejection.Code.ShouldBe(code);
        rejection.Message.ShouldNotBeNullOrWhiteSpace();
        return rejection;
    }

    static PrivateIpRequest?[] Items(params PrivateIpRequest?[] items) => items;

    // ---- Validate ----

    [Fact]
    public void a_valid_batch_keeps_its_order_and_parses_addresses()
    {
        var items = PrivateIpRules.Validate(Items(new PrivateIpRequest(NetworkText, null), new(NetworkText, "192.168.1.17"), new(NetworkText, "2001:db8:1::5")));

        items.Select(i => i.NetworkId).ShouldAllBe(id => id == NetworkId);
        items.Select(i => i.Address?.ToString()).ShouldBe([null, "192.168.1.17", "2001:db8:1::5"]);
    }

    [Fact]
    public void a_missing_or_empty_list_is_a_bad_request()
    {
        Refused(() => PrivateIpRules.Validate(null), RejectionKind.BadRequest, "VPC.0002");
        Refused(() => PrivateIpRules.Validate(Items()), RejectionKind.BadRequest, "VPC.0002");
    }

    [Fact]
    public void a_batch_holds_at_most_100()
    {
        PrivateIpRules.Validate(Enumerable.Repeat(new PrivateIpRequest(NetworkText, null), 100).ToArray()).Count.ShouldBe(100);

        Refused(() => PrivateIpRules.Validate(Enumerable.Repeat(new PrivateIpRequest(NetworkText, null), 101).ToArray()),
            RejectionKind.BadRequest, "VPC.0002").Message.ShouldContain("100");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void a_missing_subnet_id_is_a_bad_request(string? subnetId)
    {
        Refused(() => PrivateIpRules.Validate(Items(new PrivateIpRequest(NetworkText, null), new(subnetId, null))), RejectionKind.BadRequest, "VPC.0002")
            .Message.ShouldContain("subnet_id");
    }

    [Fact]
    public void a_null_item_is_a_bad_request() =>
        Refused(() => PrivateIpRules.Validate(Items(new PrivateIpRequest(NetworkText, null), null)), RejectionKind.BadRequest, "VPC.0002");

    [Theory]
    [InlineData("not-a-uuid")]
    [InlineData("12345")]
    public void a_subnet_id_that_is_not_a_uuid_is_not_found(string subnetId) =>
        Refused(() => PrivateIpRules.Validate(Items(new PrivateIpRequest(subnetId, null))), RejectionKind.NotFound, "VPC.2204").Message.ShouldContain(subnetId);

    [Theory]
    [InlineData("not-an-ip")]
    [InlineData("")]
    [InlineData("10.1")]
    [InlineData("010.0.0.1")]
    [InlineData("192.168.1.256")]
    [InlineData("192.168.1.5/24")]
    [InlineData("fe80::1%eth0")]
    public void a_malformed_address_is_invalid_for_the_subnet(string address) =>
        Refused(() => PrivateIpRules.Validate(Items(new PrivateIpRequest(NetworkText, address))), RejectionKind.BadRequest, "VPC.0705");

    // ---- SubnetFor ----

    [Fact]
    public void an_automatic_address_comes_from_the_first_ipv4_subnet()
    {
        PrivateIpRules.SubnetFor(ANetwork(V6, V4), null).Subnet.ShouldBe(V4);
        PrivateIpRules.SubnetFor(ANetwork(V6), null).Subnet.ShouldBe(V6);
    }

    [Fact]
    public void a_requested_address_comes_from_the_subnet_that_contains_it()
    {
        PrivateIpRules.SubnetFor(ANetwork(V4, V6), IPAddress.Parse("2001:db8:1::9")).Subnet.ShouldBe(V6);
        PrivateIpRules.SubnetFor(ANetwork(V6, V4), IPAddress.Parse("192.168.1.9")).Subnet.ShouldBe(V4);
    }

    [Fact]
    public void an_address_in_no_subnet_of_the_network_is_invalid_for_it() =>
        Refused(() => PrivateIpRules.SubnetFor(ANetwork(V4), IPAddress.Parse("192.168.2.9")), RejectionKind.BadRequest, "VPC.0705")
            .Message.ShouldContain("192.168.2.9");

    [Fact]
    public void a_network_without_subnets_has_no_addresses() =>
        Refused(() => PrivateIpRules.SubnetFor(ANetwork(), null), RejectionKind.Conflict, "VPC.0703");

    // ---- Assigned ----

    [Fact]
    public void an_allocation_becomes_an_assigned_event()
    {
        var network = ANetwork(V4);

        var assigned = PrivateIpRules.Assigned(Allocation.Of(IPAddress.Parse("192.168.1.2")), IpId, network, V4, null, Demo, Now);

        assigned.ShouldBe(new PrivateIpAssigned(IpId, "tenant-demo", NetworkId, V4SubnetId, "192.168.1.2", "demo", Now));
        var ip = PrivateIp.Create(assigned);
        (ip.Status, ip.DeviceOwner, ip.Address, ip.NetworkId, ip.TenantId).ShouldBe(("DOWN", "", "192.168.1.2", NetworkId, "tenant-demo"));
    }

    [Fact]
    public void a_failed_allocation_is_the_documented_code()
    {
        var network = ANetwork(V4);
        var requested = IPAddress.Parse("192.168.1.17");

        Refused(() => PrivateIpRules.Assigned(Allocation.Failed(AllocationOutcome.Exhausted), IpId, network, V4, null, Demo, Now),
            RejectionKind.Conflict, "VPC.0703").Message.ShouldContain(NetworkText);
        Refused(() => PrivateIpRules.Assigned(Allocation.Failed(AllocationOutcome.InUse), IpId, network, V4, requested, Demo, Now),
            RejectionKind.Conflict, "VPC.0701").Message.ShouldContain("192.168.1.17");
        Refused(() => PrivateIpRules.Assigned(Allocation.Failed(AllocationOutcome.OutsideBlock), IpId, network, V4, requested, Demo, Now),
            RejectionKind.BadRequest, "VPC.0705");
        Refused(() => PrivateIpRules.Assigned(Allocation.Failed(AllocationOutcome.Reserved), IpId, network, V4, requested, Demo, Now),
            RejectionKind.BadRequest, "VPC.0705");
    }

    // ---- Visible ----

    [Fact]
    public void the_callers_own_ip_is_visible()
    {
        var ip = Ip();
        PrivateIpRules.Visible(ip, "x", Demo).ShouldBeSameAs(ip);
    }

    [Fact]
    public void a_missing_ip_and_another_tenants_ip_are_the_same_404()
    {
        var missing = Refused(() => PrivateIpRules.Visible(null, "abc", Demo), RejectionKind.NotFound, "VPC.0704");
        var foreign = Refused(() => PrivateIpRules.Visible(Ip(), "abc", Other), RejectionKind.NotFound, "VPC.0704");

        foreign.Message.ShouldBe(missing.Message);
    }

    // ---- Release ----

    [Fact]
    public void an_unbound_ip_is_released()
    {
        PrivateIpRules.Release(Ip(), null, Demo, Now)
            .ShouldBe(new PrivateIpReleased(IpId, NetworkId, V4SubnetId, "192.168.1.17", "demo", Now));
    }

    [Fact]
    public void an_ip_in_use_by_a_device_is_409_vpc_0707() =>
        Refused(() => PrivateIpRules.Release(Ip(deviceOwner: "compute:az1"), null, Demo, Now), RejectionKind.Conflict, "VPC.0707");

    [Fact]
    public void a_released_ip_leaves_the_read_model() => Ip().ShouldDelete(PrivateIpRules.Release(Ip(), null, Demo, Now)).ShouldBeTrue();

    // ---- Page ----

    [Theory]
    [InlineData(null, 2000)]
    [InlineData("", 2000)]
    [InlineData("0", 2000)]
    [InlineData("1", 1)]
    [InlineData("2000", 2000)]
    public void limit_is_0_to_2000_and_defaults_to_2000(string? limit, int expected) =>
        PrivateIpRules.Page(limit, null).ShouldBe((expected, (Guid?)null));

    [Theory]
    [InlineData("2001")]
    [InlineData("-1")]
    [InlineData("abc")]
    [InlineData("1.5")]
    [InlineData("1e3")]
    [InlineData("99999999999")]
    public void any_other_limit_is_400_vpc_0702(string limit) =>
        Refused(() => PrivateIpRules.Page(limit, null), RejectionKind.BadRequest, "VPC.0702").Message.ShouldContain(limit);

    [Fact]
    public void marker_is_an_id() =>
        PrivateIpRules.Page("5", IpId.ToString()).ShouldBe((5, (Guid?)IpId));

    [Theory]
    [InlineData("not-a-uuid")]
    [InlineData("12345")]
    public void a_marker_that_is_not_an_id_is_400_vpc_0702(string marker) =>
        Refused(() => PrivateIpRules.Page(null, marker), RejectionKind.BadRequest, "VPC.0702");

    // ---- VpcSubnet ----

    [Fact]
    public void the_callers_own_network_is_a_vpc_subnet()
    {
        var network = ANetwork(V4);
        PrivateIpRules.VpcSubnet(network, NetworkText).ShouldBeSameAs(network);
    }

    [Fact]
    public void a_missing_or_shared_network_is_not_a_vpc_subnet()
    {
        Refused(() => PrivateIpRules.VpcSubnet(null, NetworkText), RejectionKind.NotFound, "VPC.2204").Message.ShouldContain(NetworkText);
        Refused(() => PrivateIpRules.VpcSubnet(ANetwork(V4) with { TenantId = null }, NetworkText), RejectionKind.NotFound, "VPC.2204");
    }

    // ---- ByNetwork ----

    static ValidatedPrivateIpRequest Item(Guid network, string? address) => new(network, address is null ? null : IPAddress.Parse(address));

    [Fact]
    public void automatic_items_come_first_in_request_order_then_requested_ones_in_address_order()
    {
        var items = new[]
        {
            Item(NetworkId, null), Item(NetworkId, "192.168.1.51"), Item(NetworkId, null), Item(NetworkId, "192.168.1.50"),
            Item(NetworkId, "192.168.1.9"),
        };

        var batch = PrivateIpRules.ByNetwork(items).ShouldHaveSingleItem();

        batch.NetworkId.ShouldBe(NetworkId);
        batch.Automatic.ShouldBe([0, 2]);
        batch.Requested.ShouldBe([4, 3, 1]);
    }

    [Fact]
    public void networks_come_in_one_global_order()
    {
        var low = Guid.Parse("00000000-0000-7000-8000-000000000001");
        var high = Guid.Parse("ffffffff-0000-7000-8000-000000000001");

        var batches = PrivateIpRules.ByNetwork([Item(high, null), Item(low, null), Item(high, "10.0.0.5"), Item(low, "10.0.0.5")]);

        batches.Select(b => (b.NetworkId, string.Join(",", b.Automatic), string.Join(",", b.Requested)))
            .ShouldBe([(low, "1", "3"), (high, "0", "2")]);
    }

    [Fact]
    public void ipv4_and_ipv6_requests_on_one_network_have_one_order_whatever_the_request_order()
    {
        var items = new[] { Item(NetworkId, "2001:db8:1::5"), Item(NetworkId, "192.168.1.5"), Item(NetworkId, "2001:db8:1::4") };

        PrivateIpRules.ByNetwork(items).Single().Requested.Select(i => items[i].Address!.ToString())
            .ShouldBe(["192.168.1.5", "2001:db8:1::4", "2001:db8:1::5"]);
        var reversed = items.Reverse().ToArray();
        PrivateIpRules.ByNetwork(reversed).Single().Requested.Select(i => reversed[i].Address!.ToString())
            .ShouldBe(["192.168.1.5", "2001:db8:1::4", "2001:db8:1::5"]);
    }
}
