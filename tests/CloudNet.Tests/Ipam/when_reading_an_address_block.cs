using System.Net;
using System.Numerics;
using CloudNet.Ipam;

namespace CloudNet.Tests.Ipam;

public class when_reading_an_address_block
{
    [Theory]
    [InlineData("10.0.0.0/24", "10.0.0.1", "10.0.0.254", 254)]
    [InlineData("192.168.1.16/28", "192.168.1.17", "192.168.1.30", 14)]
    [InlineData("10.0.0.4/30", "10.0.0.5", "10.0.0.6", 2)]
    [InlineData("10.0.0.4/31", "10.0.0.4", "10.0.0.5", 2)]
    [InlineData("10.0.0.7/32", "10.0.0.7", "10.0.0.7", 1)]
    [InlineData("2001:db8::/120", "2001:db8::1", "2001:db8::ff", 255)]
    public void First_and_last_usable_skip_network_and_broadcast(string cidr, string first, string last, long usable)
    {
        var block = AddressBlock.Parse(cidr);

        block.FirstUsable.ShouldBe(IPAddress.Parse(first));
        block.LastUsable.ShouldBe(IPAddress.Parse(last));
        block.UsableCount.ShouldBe(new BigInteger(usable));
    }

    [Fact]
    public void Ipv6_slash_64_is_capped_but_counts_every_usable_address()
    {
        var block = AddressBlock.Parse("2001:db8:1:2::/64");

        block.Version.ShouldBe(6);
        block.Capacity.ShouldBe(1L << 62);
        block.UsableCount.ShouldBe(BigInteger.Pow(2, 64) - 1);
        block.FirstUsable.ShouldBe(IPAddress.Parse("2001:db8:1:2::1"));
        block.LastUsable.ShouldBe(IPAddress.Parse("2001:db8:1:2:3fff:ffff:ffff:ffff"));
        block.Check(IPAddress.Parse("2001:db8:1:2::")).ShouldBe(AddressCheck.NetworkAddress);
        block.Check(IPAddress.Parse("2001:db8:1:2:ffff:ffff:ffff:ffff")).ShouldBe(AddressCheck.Usable);
        block.OffsetOf(IPAddress.Parse("2001:db8:1:2:ffff:ffff:ffff:ffff")).ShouldBeNull();
    }

    [Fact]
    public void Gateway_is_not_usable()
    {
        var block = AddressBlock.Parse("10.1.0.0/24", "10.1.0.1");

        block.Gateway.ShouldBe(IPAddress.Parse("10.1.0.1"));
        block.FirstUsable.ShouldBe(IPAddress.Parse("10.1.0.2"));
        block.UsableCount.ShouldBe(new BigInteger(253));
        block.Check(IPAddress.Parse("10.1.0.1")).ShouldBe(AddressCheck.Gateway);
    }

    [Fact]
    public void Gateway_at_the_top_moves_last_usable_down()
    {
        var block = AddressBlock.Parse("10.1.0.0/24", "10.1.0.254");

        block.LastUsable.ShouldBe(IPAddress.Parse("10.1.0.253"));
    }

    [Theory]
    [InlineData("10.0.0.0", AddressCheck.NetworkAddress)]
    [InlineData("10.0.0.255", AddressCheck.BroadcastAddress)]
    [InlineData("10.0.0.1", AddressCheck.Gateway)]
    [InlineData("10.0.0.2", AddressCheck.Usable)]
    [InlineData("10.0.0.254", AddressCheck.Usable)]
    [InlineData("10.0.1.0", AddressCheck.OutsideBlock)]
    [InlineData("2001:db8::1", AddressCheck.OutsideBlock)]
    [InlineData("::ffff:10.0.0.9", AddressCheck.Usable)]
    public void Check_classifies_addresses(string address, AddressCheck expected)
    {
        AddressBlock.Parse("10.0.0.0/24", "10.0.0.1").Check(IPAddress.Parse(address)).ShouldBe(expected);
    }

    [Fact]
    public void Point_to_point_blocks_reserve_nothing()
    {
        var block = AddressBlock.Parse("10.0.0.4/31");

        block.Check(IPAddress.Parse("10.0.0.4")).ShouldBe(AddressCheck.Usable);
        block.Check(IPAddress.Parse("10.0.0.5")).ShouldBe(AddressCheck.Usable);
    }

    [Theory]
    [InlineData("10.0.0.0/24", 0, "10.0.0.0")]
    [InlineData("10.0.0.0/24", 255, "10.0.0.255")]
    [InlineData("10.0.0.0/8", 65_793, "10.1.1.1")]
    [InlineData("2001:db8::/64", 65_536, "2001:db8::1:0")]
    [InlineData("0.0.0.0/0", 0, "0.0.0.0")]
    [InlineData("0.0.0.0/0", 4_294_967_295, "255.255.255.255")]
    [InlineData("::/0", 1L << 40, "::100:0:0")]
    public void AddressAt_and_OffsetOf_round_trip(string cidr, long offset, string address)
    {
        var block = AddressBlock.Parse(cidr);

        block.AddressAt(offset).ShouldBe(IPAddress.Parse(address));
        block.OffsetOf(IPAddress.Parse(address)).ShouldBe(offset);
    }

    [Fact]
    public void AddressAt_rejects_offsets_beyond_the_block()
    {
        var block = AddressBlock.Parse("10.0.0.0/30");

        Should.Throw<ArgumentOutOfRangeException>(() => block.AddressAt(4));
        Should.Throw<ArgumentOutOfRangeException>(() => block.AddressAt(-1));
        block.OffsetOf(IPAddress.Parse("10.0.0.4")).ShouldBeNull();
    }

    [Fact]
    public void Cidr_is_canonical()
    {
        AddressBlock.Parse(" 10.0.0.0/24 ").Cidr.ShouldBe("10.0.0.0/24");
        AddressBlock.Parse("2001:0db8:0000::/48").Cidr.ShouldBe("2001:db8::/48");
    }

    [Theory]
    [InlineData("", "required")]
    [InlineData("10.0.0.0", "prefix length")]
    [InlineData("10.0.0.0/33", "not a valid CIDR")]
    [InlineData("10.0.0/24", "not a valid CIDR")]
    [InlineData("10/8", "not a valid CIDR")]
    [InlineData("010.0.0.0/24", "not a valid CIDR")]
    [InlineData("10.0.0.0/024", "not a valid CIDR")]
    [InlineData("10.0.0.0/-1", "not a valid CIDR")]
    [InlineData("10.0.0.0/", "not a valid CIDR")]
    [InlineData("fe80::%2/64", "not a valid CIDR")]
    [InlineData("2001:db8::/129", "not a valid CIDR")]
    [InlineData("banana/24", "not a valid CIDR")]
    [InlineData("10.0.0.5/24", "host bits")]
    [InlineData("11.0.0.0/7", "host bits")]
    [InlineData("2001:db8::1/64", "host bits")]
    public void Bad_cidrs_are_rejected_with_a_reason(string cidr, string reason)
    {
        var error = Should.Throw<FormatException>(() => AddressBlock.Parse(cidr));
        error.Message.ShouldContain(reason);

        AddressBlock.TryParse(cidr, null, out var block, out var message).ShouldBeFalse();
        block.ShouldBeNull();
        message.ShouldBe(error.Message);
    }

    [Theory]
    [InlineData("10.0.1.1", "outside")]
    [InlineData("2001:db8::1", "outside")]
    [InlineData("10.0.0.0", "network address")]
    [InlineData("10.0.0.255", "broadcast address")]
    [InlineData("not-an-ip", "not a valid IP")]
    [InlineData("10.1", "not a valid IP")]
    public void Bad_gateways_are_rejected(string gateway, string reason)
    {
        Should.Throw<FormatException>(() => AddressBlock.Parse("10.0.0.0/24", gateway)).Message.ShouldContain(reason);
    }

    [Fact]
    public void A_gateway_that_takes_the_only_address_is_rejected()
    {
        Should.Throw<FormatException>(() => AddressBlock.Parse("10.0.0.7/32", "10.0.0.7")).Message.ShouldContain("no usable");
    }

    [Fact]
    public void Host_bits_error_names_the_network_address()
    {
        Should.Throw<FormatException>(() => AddressBlock.Parse("10.0.0.5/24")).Message.ShouldContain("(10.0.0.0/24)");
    }

    [Theory]
    [InlineData("10.0.0.1", true)]
    [InlineData("2001:db8::1", true)]
    [InlineData("::ffff:10.0.0.1", true)]
    [InlineData("10.1", false)]
    [InlineData("010.0.0.1", false)]
    [InlineData("10.0.0.256", false)]
    [InlineData("fe80::1%eth0", false)]
    [InlineData("", false)]
    public void Addresses_are_parsed_strictly(string text, bool valid)
    {
        IpText.TryParseAddress(text, out var address).ShouldBe(valid);
        if (valid) address.ShouldBe(IPAddress.Parse(text));
    }

    [Fact]
    public void TryParse_returns_the_block()
    {
        AddressBlock.TryParse("10.0.0.0/29", "10.0.0.1", out var block, out var error).ShouldBeTrue();

        error.ShouldBeNull();
        block!.UsableCount.ShouldBe(new BigInteger(5));
        block.Version.ShouldBe(4);
    }
}
