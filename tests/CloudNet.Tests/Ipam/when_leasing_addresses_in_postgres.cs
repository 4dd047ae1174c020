using System.Net;
using CloudNet.Ipam;
using Npgsql;

namespace CloudNet.Tests.Ipam;

public class when_leasing_addresses_in_postgres(IpamDatabase db) : IClassFixture<IpamDatabase>
{
    private const string Tenant = "tenant-a";
    private static readonly string Leases = $"{IpamDatabase.Schema}.ip_leases";

    [Fact]
    public async Task Marten_creates_the_tables_keys_and_holder_index()
    {
        var tables = await db.ScalarAsync<long>(
            $"select count(*) from information_schema.tables where table_schema = '{IpamDatabase.Schema}' " +
            "and table_name in ('ipam_scopes', 'ipam_released', 'ip_leases', 'ipam_reserved', 'ipam_reservers')");
        var leaseKey = await db.ScalarAsync<string>(
            $"select pg_get_constraintdef(oid) from pg_constraint where conrelid = '{Leases}'::regclass and contype = 'p'");
        var holderIndexes = await db.ScalarAsync<long>(
            $"select count(*) from pg_indexes where schemaname = '{IpamDatabase.Schema}' and tablename = 'ip_leases' " +
            "and indexdef like '%(holder_id)%'");

        tables.ShouldBe(5);
        leaseKey.ShouldBe("PRIMARY KEY (scope, address)");
        holderIndexes.ShouldBe(1);
    }

    [Fact]
    public async Task Marten_sees_no_drift_after_creating_the_tables()
    {
        using var store = db.CreateStore();

        await store.Storage.Database.AssertDatabaseMatchesConfigurationAsync();
    }

    [Fact]
    public async Task Allocates_releases_and_reuses_one_transaction_at_a_time()
    {
        var scope = NewScope();
        var block = AddressBlock.Parse("10.20.0.0/24", "10.20.0.1");
        var holder = Guid.NewGuid();

        var allocated = new List<IPAddress>();
        for (var i = 0; i < 4; i++)
            allocated.Add((await Allocate(scope, block, holder)).Address!);
        var released = await db.InTransactionAsync(a => a.ReleaseAsync(scope, IPAddress.Parse("10.20.0.3"), holder, default));
        var notHeld = await db.InTransactionAsync(a => a.ReleaseAsync(scope, IPAddress.Parse("10.20.0.4"), Guid.NewGuid(), default));
        var reused = await Allocate(scope, block, holder);
        var next = await Allocate(scope, block, holder);

        allocated.ShouldBe([Ip("10.20.0.2"), Ip("10.20.0.3"), Ip("10.20.0.4"), Ip("10.20.0.5")]);
        released.ShouldBeTrue();
        notHeld.ShouldBeFalse();
        reused.Address.ShouldBe(Ip("10.20.0.3"));
        next.Address.ShouldBe(Ip("10.20.0.6"));
        (await db.ScalarAsync<string>($"select tenant_id from {Leases} where scope = '{scope}' and address = '10.20.0.6'"))
            .ShouldBe(Tenant);
    }

    [Fact]
    public async Task Requested_addresses_are_honoured_and_skipped_by_the_cursor()
    {
        var scope = NewScope();
        var block = AddressBlock.Parse("10.30.0.0/24");

        var requested = await Allocate(scope, block, requested: Ip("10.30.0.2"));
        var again = await Allocate(scope, block, requested: Ip("10.30.0.2"));
        var first = await Allocate(scope, block);
        var second = await Allocate(scope, block);

        requested.Address.ShouldBe(Ip("10.30.0.2"));
        again.Outcome.ShouldBe(AllocationOutcome.InUse);
        first.Address.ShouldBe(Ip("10.30.0.1"));
        second.Address.ShouldBe(Ip("10.30.0.3"));
    }

    [Fact]
    public async Task Ipv6_addresses_round_trip_through_inet()
    {
        var scope = NewScope();
        var block = AddressBlock.Parse("2001:db8:42::/64");
        var holder = Guid.NewGuid();

        var first = await Allocate(scope, block, holder);
        await db.InTransactionAsync(a => a.ReleaseAsync(scope, first.Address!, holder, default));
        var reused = await Allocate(scope, block, holder);

        first.Address.ShouldBe(Ip("2001:db8:42::1"));
        reused.Address.ShouldBe(Ip("2001:db8:42::1"));
    }

    [Fact]
    public async Task A_rolled_back_allocation_gives_its_address_back()
    {
        var scope = NewScope();
        var block = AddressBlock.Parse("10.40.0.0/24");
        await using (var connection = await db.DataSource.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            var allocator = db.Allocator(connection);
            (await allocator.AllocateAsync(scope, block, Guid.NewGuid(), Tenant, null, default)).Address.ShouldBe(Ip("10.40.0.1"));
            await transaction.RollbackAsync();
        }

        (await Allocate(scope, block)).Address.ShouldBe(Ip("10.40.0.1"));
    }

    [Fact]
    public async Task Sixty_four_parallel_allocations_on_a_slash_28_from_two_processes_hand_out_14_distinct_addresses()
    {
        var scope = NewScope();
        var block = AddressBlock.Parse("10.50.0.0/28");

        var results = await Task.WhenAll(Enumerable.Range(0, 64).Select(i => Task.Run(() =>
            db.InTransactionAsync(a => a.AllocateAsync(scope, block, Guid.NewGuid(), Tenant, null, default),
                i % 2 == 0 ? db.DataSource : db.OtherProcess))));

        var allocated = results.Where(r => r.Succeeded).Select(r => r.Address!).ToList();
        allocated.Count.ShouldBe(14);
        allocated.ShouldBeUnique();
        allocated.ShouldAllBe(a => block.Check(a) == AddressCheck.Usable);
        results.Count(r => r.Outcome == AllocationOutcome.Exhausted).ShouldBe(50);
        (await db.ScalarAsync<long>($"select count(*) from {Leases} where scope = '{scope}'")).ShouldBe(14);
    }

    [Fact]
    public async Task Parallel_allocations_share_out_released_addresses_without_duplicates()
    {
        var scope = NewScope();
        var block = AddressBlock.Parse("10.60.0.0/27");
        var holder = Guid.NewGuid();
        var all = new List<IPAddress>();
        for (var i = 0; i < 30; i++) all.Add((await Allocate(scope, block, holder)).Address!);
        foreach (var address in all.Where((_, i) => i % 2 == 0))
            await db.InTransactionAsync(a => a.ReleaseAsync(scope, address, holder, default));

        var results = await Task.WhenAll(Enumerable.Range(0, 32).Select(i => Task.Run(() =>
            db.InTransactionAsync(a => a.AllocateAsync(scope, block, Guid.NewGuid(), Tenant, null, default),
                i % 2 == 0 ? db.DataSource : db.OtherProcess))));

        var allocated = results.Where(r => r.Succeeded).Select(r => r.Address!).ToList();
        allocated.Count.ShouldBe(15);
        allocated.ShouldBeUnique();
        (await db.ScalarAsync<long>($"select count(*) from {Leases} where scope = '{scope}'")).ShouldBe(30);
    }

    [Fact]
    public async Task Another_process_takes_what_one_reserved_once_the_cursor_is_past_the_end()
    {
        var scope = NewScope();
        var block = AddressBlock.Parse("10.90.0.0/25"); // two offsets a step
        (await Allocate(scope, block)).Address.ShouldBe(Ip("10.90.0.1"));
        (await Allocate(scope, block)).Address.ShouldBe(Ip("10.90.0.2")); // .3 stays reserved by this process

        var other = new List<Allocation>();
        for (var i = 0; i < 125; i++)
            other.Add(await db.InTransactionAsync(a => a.AllocateAsync(scope, block, Guid.NewGuid(), Tenant, null, default), db.OtherProcess));

        // 126 usable addresses: the other process gets the 124 left, .3 the last of them, and only then is the block full.
        var got = other.Where(r => r.Succeeded).Select(r => r.Address!).ToList();
        got.Count.ShouldBe(124);
        got.ShouldBeUnique();
        got[^1].ShouldBe(Ip("10.90.0.3"));
        other[^1].Outcome.ShouldBe(AllocationOutcome.Exhausted);
        (await Allocate(scope, block)).Outcome.ShouldBe(AllocationOutcome.Exhausted);
        (await db.ScalarAsync<long>($"select count(*) from {IpamDatabase.Schema}.ipam_reserved where scope = '{scope}'")).ShouldBe(0);
    }

    [Fact]
    public async Task A_reset_cursor_drops_the_reservations_of_the_old_pools()
    {
        var scope = NewScope();
        var block = AddressBlock.Parse("10.91.0.0/24"); // four offsets a step: .1 to .3 reserved
        (await Allocate(scope, block)).Address.ShouldBe(Ip("10.91.0.1"));
        var pooled = AddressBlock.Parse("10.91.0.0/24", pools: [("10.91.0.100", "10.91.0.200")]);

        await db.InTransactionAsync(async a => { await a.ResetCursorAsync(scope, default); return true; }, db.OtherProcess);

        (await Allocate(scope, pooled)).Address.ShouldBe(Ip("10.91.0.100"));
        (await db.ScalarAsync<long>(
            $"select count(*) from {IpamDatabase.Schema}.ipam_reserved where scope = '{scope}' and address < '10.91.0.100'")).ShouldBe(0);
    }

    [Fact]
    public async Task Parallel_requests_for_one_address_lease_it_once()
    {
        var scope = NewScope();
        var block = AddressBlock.Parse("10.70.0.0/24");

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() =>
            db.InTransactionAsync(a => a.AllocateAsync(scope, block, Guid.NewGuid(), Tenant, Ip("10.70.0.10"), default),
                i % 2 == 0 ? db.DataSource : db.OtherProcess))));

        results.Count(r => r.Succeeded).ShouldBe(1);
        results.Count(r => r.Outcome == AllocationOutcome.InUse).ShouldBe(19);
    }

    [Fact]
    public async Task The_primary_key_rejects_a_second_lease_of_an_address()
    {
        var scope = NewScope();
        var insert = $"insert into {Leases} (scope, address, holder_id, tenant_id) values ('{scope}', '10.80.0.5', gen_random_uuid(), 'x')";
        await db.ScalarAsync<object>(insert);

        var error = await Should.ThrowAsync<PostgresException>(() => db.ScalarAsync<object>(insert));

        error.SqlState.ShouldBe(PostgresErrorCodes.UniqueViolation);
    }

    private Task<Allocation> Allocate(string scope, AddressBlock block, Guid? holder = null, IPAddress? requested = null) =>
        db.InTransactionAsync(a => a.AllocateAsync(scope, block, holder ?? Guid.NewGuid(), Tenant, requested, default));

    // Tests share one database; a scope of their own keeps their cursors apart.
    private static string NewScope() => $"scope-{Guid.NewGuid():N}";

    private static IPAddress Ip(string address) => IPAddress.Parse(address);
}
