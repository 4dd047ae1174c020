using System.Net;
using CloudNet.Ipam;

namespace CloudNet.Tests.Ipam;

public class when_allocating_addresses
{
    private const string Scope = "subnet-1";
    private const string Tenant = "tenant-a";
    private readonly InMemoryLeaseLedger _ledger = new();
    private readonly AddressAllocator _allocator;

    public when_allocating_addresses() => _allocator = new AddressAllocator(_ledger, new AddressReservations());

    [Fact]
    public async Task Allocates_in_order_skipping_network_and_gateway()
    {
        var block = AddressBlock.Parse("10.0.0.0/24", "10.0.0.1");

        var addresses = await AllocateMany(block, 3);

        addresses.ShouldBe([Ip("10.0.0.2"), Ip("10.0.0.3"), Ip("10.0.0.4")]);
    }

    [Fact]
    public async Task Ipv6_skips_the_subnet_router_anycast_address()
    {
        var block = AddressBlock.Parse("2001:db8::/64");

        (await AllocateMany(block, 2)).ShouldBe([Ip("2001:db8::1"), Ip("2001:db8::2")]);
    }

    [Theory]
    [InlineData(null, 6)]
    [InlineData("10.0.0.1", 5)]
    public async Task A_slash_29_runs_out_after_its_usable_addresses(string? gateway, int usable)
    {
        var block = AddressBlock.Parse("10.0.0.0/29", gateway);

        var addresses = await AllocateMany(block, usable);

        addresses.ShouldBeUnique();
        addresses.ShouldAllBe(a => block.Check(a) == AddressCheck.Usable);
        var next = await Allocate(block);
        next.Outcome.ShouldBe(AllocationOutcome.Exhausted);
        next.Address.ShouldBeNull();
        (await Allocate(block)).Outcome.ShouldBe(AllocationOutcome.Exhausted);
    }

    [Fact]
    public async Task Slash_31_and_32_use_every_address()
    {
        (await AllocateMany(AddressBlock.Parse("10.0.0.4/31"), 2)).ShouldBe([Ip("10.0.0.4"), Ip("10.0.0.5")]);
        (await _allocator.AllocateAsync("host", AddressBlock.Parse("10.0.0.9/32"), Guid.NewGuid(), Tenant, null, default))
            .Address.ShouldBe(Ip("10.0.0.9"));
    }

    [Fact]
    public async Task Honours_a_requested_address()
    {
        var block = AddressBlock.Parse("10.0.0.0/24");

        var allocation = await Allocate(block, "10.0.0.77");

        allocation.ShouldBe(new Allocation(AllocationOutcome.Allocated, Ip("10.0.0.77")));
        allocation.Succeeded.ShouldBeTrue();
    }

    [Fact]
    public async Task A_taken_requested_address_is_in_use()
    {
        var block = AddressBlock.Parse("10.0.0.0/24");
        await Allocate(block, "10.0.0.77");

        var second = await Allocate(block, "10.0.0.77");

        second.Outcome.ShouldBe(AllocationOutcome.InUse);
        second.Succeeded.ShouldBeFalse();
    }

    [Theory]
    [InlineData("10.0.1.5", AllocationOutcome.OutsideBlock)]
    [InlineData("2001:db8::5", AllocationOutcome.OutsideBlock)]
    [InlineData("10.0.0.0", AllocationOutcome.Reserved)]
    [InlineData("10.0.0.255", AllocationOutcome.Reserved)]
    [InlineData("10.0.0.1", AllocationOutcome.Reserved)]
    public async Task Requested_addresses_must_be_usable(string requested, AllocationOutcome expected)
    {
        var block = AddressBlock.Parse("10.0.0.0/24", "10.0.0.1");

        (await Allocate(block, requested)).Outcome.ShouldBe(expected);
        _ledger.Leases.ShouldBeEmpty();
    }

    [Fact]
    public async Task An_ipv4_mapped_request_is_stored_as_ipv4()
    {
        var block = AddressBlock.Parse("10.0.0.0/24");

        (await Allocate(block, "::ffff:10.0.0.8")).Address.ShouldBe(Ip("10.0.0.8"));
        (await Allocate(block, "10.0.0.8")).Outcome.ShouldBe(AllocationOutcome.InUse);
    }

    [Fact]
    public async Task The_cursor_skips_an_address_that_was_requested_ahead_of_it()
    {
        var block = AddressBlock.Parse("10.0.0.0/24");
        await Allocate(block, "10.0.0.2");

        (await AllocateMany(block, 2)).ShouldBe([Ip("10.0.0.1"), Ip("10.0.0.3")]);
    }

    [Fact]
    public async Task A_released_address_comes_back_first_lowest_first()
    {
        var block = AddressBlock.Parse("10.0.0.0/24");
        var holders = new Dictionary<IPAddress, Guid>();
        for (var i = 0; i < 5; i++)
        {
            var holder = Guid.NewGuid();
            holders[(await _allocator.AllocateAsync(Scope, block, holder, Tenant, null, default)).Address!] = holder;
        }

        (await _allocator.ReleaseAsync(Scope, Ip("10.0.0.4"), holders[Ip("10.0.0.4")], default)).ShouldBeTrue();
        (await _allocator.ReleaseAsync(Scope, Ip("10.0.0.2"), holders[Ip("10.0.0.2")], default)).ShouldBeTrue();

        (await AllocateMany(block, 3)).ShouldBe([Ip("10.0.0.2"), Ip("10.0.0.4"), Ip("10.0.0.6")]);
    }

    [Fact]
    public async Task Release_requires_the_holder()
    {
        var block = AddressBlock.Parse("10.0.0.0/24");
        var holder = Guid.NewGuid();
        var address = (await _allocator.AllocateAsync(Scope, block, holder, Tenant, null, default)).Address!;

        (await _allocator.ReleaseAsync(Scope, address, Guid.NewGuid(), default)).ShouldBeFalse();
        (await _allocator.ReleaseAsync(Scope, Ip("10.0.0.99"), holder, default)).ShouldBeFalse();
        (await _allocator.ReleaseAsync(Scope, address, holder, default)).ShouldBeTrue();
        (await _allocator.ReleaseAsync(Scope, address, holder, default)).ShouldBeFalse();
    }

    [Fact]
    public async Task An_exhausted_block_allocates_again_after_a_release()
    {
        var block = AddressBlock.Parse("10.0.0.0/30");
        var holder = Guid.NewGuid();
        await _allocator.AllocateAsync(Scope, block, holder, Tenant, null, default);
        await _allocator.AllocateAsync(Scope, block, holder, Tenant, null, default);
        (await Allocate(block)).Outcome.ShouldBe(AllocationOutcome.Exhausted);

        await _allocator.ReleaseAsync(Scope, Ip("10.0.0.1"), holder, default);

        (await Allocate(block)).Address.ShouldBe(Ip("10.0.0.1"));
        (await Allocate(block)).Outcome.ShouldBe(AllocationOutcome.Exhausted);
    }

    [Fact]
    public async Task A_released_address_that_was_requested_again_is_skipped()
    {
        var block = AddressBlock.Parse("10.0.0.0/24");
        var holder = Guid.NewGuid();
        var first = (await _allocator.AllocateAsync(Scope, block, holder, Tenant, null, default)).Address!;
        await _allocator.ReleaseAsync(Scope, first, holder, default);
        (await Allocate(block, first.ToString())).Succeeded.ShouldBeTrue();

        // .1 is still listed as released but leased again: the allocator must move on to .2.
        (await Allocate(block)).Address.ShouldBe(Ip("10.0.0.2"));
        (await Allocate(block)).Address.ShouldBe(Ip("10.0.0.3"));
    }

    [Fact]
    public async Task Scopes_are_independent()
    {
        var block = AddressBlock.Parse("10.0.0.0/24");

        (await _allocator.AllocateAsync("pool-a", block, Guid.NewGuid(), Tenant, null, default)).Address.ShouldBe(Ip("10.0.0.1"));
        (await _allocator.AllocateAsync("pool-b", block, Guid.NewGuid(), Tenant, null, default)).Address.ShouldBe(Ip("10.0.0.1"));
    }

    [Fact]
    public async Task The_cursor_moves_a_block_of_addresses_at_a_time_however_full_the_block_is()
    {
        var block = AddressBlock.Parse("10.0.0.0/16");
        await AllocateMany(block, 1000);
        var before = _ledger.CursorSteps;

        // 1,000 addresses came from offsets up to 1,024 (32 a step, the first one's network address skipped): the next
        // 64 take the 23 left, then two steps of 32.
        await AllocateMany(block, 64);

        (_ledger.CursorSteps - before).ShouldBe(2);
    }

    [Fact]
    public async Task A_small_block_is_walked_one_address_at_a_time()
    {
        var block = AddressBlock.Parse("10.0.0.0/25");
        var holder = Guid.NewGuid();
        (await AllocateMany(block, 3)).ShouldBe([Ip("10.0.0.1"), Ip("10.0.0.2"), Ip("10.0.0.3")]);
        var before = _ledger.CursorSteps;

        await Allocate(block);

        (_ledger.CursorSteps - before).ShouldBe(1);
        ILeaseLedger.ReservationSize(AddressBlock.Parse("10.0.0.0/26")).ShouldBe(1);
    }

    [Fact]
    public async Task Concurrent_allocations_never_share_an_address()
    {
        var block = AddressBlock.Parse("10.0.0.0/26");

        var results = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => Task.Run(() => Allocate(block))));

        var allocated = results.Where(r => r.Succeeded).Select(r => r.Address!).ToList();
        allocated.Count.ShouldBe(62);
        allocated.ShouldBeUnique();
        results.Count(r => r.Outcome == AllocationOutcome.Exhausted).ShouldBe(38);
    }

    private Task<Allocation> Allocate(AddressBlock block, string? requested = null) =>
        _allocator.AllocateAsync(Scope, block, Guid.NewGuid(), Tenant, requested is null ? null : Ip(requested), default);

    private async Task<List<IPAddress>> AllocateMany(AddressBlock block, int count)
    {
        var addresses = new List<IPAddress>();
        for (var i = 0; i < count; i++)
        {
            var allocation = await Allocate(block);
            allocation.Outcome.ShouldBe(AllocationOutcome.Allocated);
            addresses.Add(allocation.Address!);
        }
        return addresses;
    }

    private static IPAddress Ip(string address) => IPAddress.Parse(address);
}
