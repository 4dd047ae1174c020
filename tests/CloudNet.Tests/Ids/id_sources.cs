using CloudNet.Identity;
using CloudNet.Ids;
using CloudNet.Networks;

namespace CloudNet.Tests.Ids;

/// <summary>Pure: the two sources of ids a request can have (<see cref="IdSource"/>).</summary>
public class id_sources
{
    [Fact]
    public void time_ordered_ids_only_grow_even_within_one_millisecond()
    {
        var ids = new TimeOrderedIds();
        var early = Guid.Parse("0193a1b2-0000-7000-8000-0000000000ff");
        var earlier = Guid.Parse("0193a1b2-0000-7000-8000-000000000001");

        var first = ids.Next(early);
        var second = ids.Next(earlier);
        var third = ids.Next(early);

        first.ShouldBe(early);
        second.ShouldBe(Guid.Parse("0193a1b2-0000-7000-8000-000000000100"));
        third.ShouldBe(Guid.Parse("0193a1b2-0000-7000-8000-000000000101"));
        ids.Next(Guid.Parse("0193a1b3-0000-7000-8000-000000000000")).ShouldBe(Guid.Parse("0193a1b3-0000-7000-8000-000000000000"));
    }

    [Fact]
    public void an_incremented_id_keeps_its_version_and_variant()
    {
        var id = TimeOrderedIds.Increment(Guid.Parse("0193a1b2-0000-7000-80ff-ffffffffffff"));

        id.ShouldBe(Guid.Parse("0193a1b2-0000-7001-8000-000000000000"));
        id.Version.ShouldBe(7);
        id.Variant.ShouldBe(8);
    }

    [Fact]
    public void time_ordered_ids_are_version_7_and_strictly_increasing()
    {
        var ids = Enumerable.Range(0, 10_000).Select(_ => IdSource.TimeOrdered.Next()).ToList();

        ids.ShouldAllBe(id => id.Version == 7);
        ids.Zip(ids.Skip(1)).ShouldAllBe(pair => pair.First.CompareTo(pair.Second) < 0);
    }

    [Fact]
    public void a_caller_without_a_seed_makes_time_ordered_ids()
    {
        var caller = new Caller("u", "user", "tenant");

        caller.Ids.ShouldBeSameAs(IdSource.TimeOrdered);
        caller.NewId().Version.ShouldBe(7);
        caller.Ids.NextMac().ShouldBeNull();
    }

    [Fact]
    public void the_same_seed_and_request_give_the_same_ids_and_macs_in_the_same_order()
    {
        var (a, b) = (new SeededIds("42", 7), new SeededIds("42", 7));

        var fromA = Enumerable.Range(0, 5).Select(_ => a.Next()).ToList();
        var fromB = Enumerable.Range(0, 5).Select(_ => b.Next()).ToList();

        fromA.ShouldBe(fromB);
        fromA.Distinct().Count().ShouldBe(5);
        new[] { a.NextMac(), a.NextMac() }.ShouldBe([b.NextMac(), b.NextMac()]);
    }

    [Fact]
    public void seeded_ids_sort_by_request_then_by_order_within_it_and_look_like_version_7()
    {
        var ids = new[] { 1L, 2L, 300L, 70_000L }.SelectMany(request =>
        {
            var source = new SeededIds("s", request);
            return Enumerable.Range(0, 300).Select(_ => source.Next()).ToList();
        }).ToList();

        ids.Zip(ids.Skip(1)).ShouldAllBe(pair => pair.First.CompareTo(pair.Second) < 0);
        ids.ShouldAllBe(id => id.Version == 7 && id.Variant >= 8 && id.Variant <= 11);
    }

    [Fact]
    public void two_seeds_never_share_an_id_or_a_mac_prefix()
    {
        var a = new SeededIds("a", 1);
        var b = new SeededIds("b", 1);

        a.Next().ShouldNotBe(b.Next());
        a.NextMac()[..8].ShouldNotBe(b.NextMac()[..8]);
        SeededIds.TenantIdOf("a").ShouldNotBe(SeededIds.TenantIdOf("b"));
        SeededIds.TenantIdOf("a").ShouldBe(SeededIds.TenantIdOf("a"));
    }

    [Fact]
    public void seeded_macs_are_locally_administered_unicast_and_not_the_deployments_prefix()
    {
        foreach (var seed in Enumerable.Range(0, 500).Select(i => i.ToString()))
        {
            var mac = new SeededIds(seed, 3).NextMac();
            var first = Convert.ToByte(mac[..2], 16);
            (first & 0x02).ShouldBe(0x02, mac);
            (first & 0x01).ShouldBe(0, mac);
            mac.ShouldNotStartWith(MacAddresses.Prefix);
            mac.ShouldMatch("^([0-9A-F]{2}:){5}[0-9A-F]{2}$");
        }
    }

    [Fact]
    public void a_request_has_room_for_4096_ids_and_64_macs_and_no_more()
    {
        var source = new SeededIds("s", 1);
        var ids = Enumerable.Range(0, SeededIds.IdsPerRequest).Select(_ => source.Next()).ToList();
        var macs = Enumerable.Range(0, SeededIds.MacsPerRequest).Select(_ => source.NextMac()).ToList();

        ids.Distinct().Count().ShouldBe(SeededIds.IdsPerRequest);
        macs.Distinct().Count().ShouldBe(SeededIds.MacsPerRequest);
        Should.Throw<InvalidOperationException>(() => source.Next());
        Should.Throw<InvalidOperationException>(() => source.NextMac());
    }
}
