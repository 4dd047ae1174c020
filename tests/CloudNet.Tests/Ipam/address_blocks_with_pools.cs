using System.Net;
using CloudNet.Ipam;

namespace CloudNet.Tests.Ipam;

/// <summary>Pure: a block whose cursor walks allocation pools (Neutron's <c>allocation_pools</c>) and nothing else.</summary>
public class address_blocks_with_pools
{
    static readonly AddressBlock Block = AddressBlock.Parse("10.0.0.0/24", "10.0.0.1", [("10.0.0.100", "10.0.0.101"), ("10.0.0.10", "10.0.0.12")]);

    [Fact]
    public void the_cursor_walks_the_pools_in_the_order_given()
    {
        Block.Capacity.ShouldBe(5);
        Enumerable.Range(0, 5).Select(i => Block.AddressAt(i).ToString())
            .ShouldBe(["10.0.0.100", "10.0.0.101", "10.0.0.10", "10.0.0.11", "10.0.0.12"]);
        Block.CursorRanges.Select(r => (r.Start.ToString(), r.FirstOffset, r.Size)).ShouldBe([("10.0.0.100", 0L, 2L), ("10.0.0.10", 2L, 3L)]);
        Block.UsableCount.ShouldBe(5);
    }

    [Fact]
    public void offsets_name_addresses_of_the_pools_only()
    {
        Block.OffsetOf(IPAddress.Parse("10.0.0.11")).ShouldBe(3);
        Block.OffsetOf(IPAddress.Parse("10.0.0.50")).ShouldBeNull();
        Block.InPools(IPAddress.Parse("10.0.0.101")).ShouldBeTrue();
        Block.InPools(IPAddress.Parse("10.0.0.50")).ShouldBeFalse();
    }

    [Fact]
    public void an_address_outside_the_pools_can_still_be_asked_for()
    {
        Block.Check(IPAddress.Parse("10.0.0.50")).ShouldBe(AddressCheck.Usable);
        Block.Check(IPAddress.Parse("10.0.0.1")).ShouldBe(AddressCheck.Gateway);
    }

    [Fact]
    public void a_block_without_pools_walks_all_of_itself()
    {
        var block = AddressBlock.Parse("10.0.0.0/29");
        block.Pools.ShouldBeEmpty();
        block.CursorRanges.Select(r => (r.Start.ToString(), r.FirstOffset, r.Size)).ShouldBe([("10.0.0.0", 0L, 8L)]);
    }

    [Fact]
    public void a_pool_outside_the_block_is_refused() =>
        Should.Throw<FormatException>(() => AddressBlock.Parse("10.0.0.0/24", null, [("10.0.1.1", "10.0.1.2")]));
}
