using CloudNet.Compute.FloatingIps;
using CloudNet.Compute.FloatingIps.Pools;
using CloudNet.History.Holdings;
using CloudNet.Ipam;
using CloudNet.Networks;
using CloudNet.Networks.SharedIps;
using CloudNet.Tests.Support;
using CloudNet.Vpc.PrivateIps;
using Marten;
using Marten.Exceptions;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CloudNet.Tests.Reliability;

/// <summary>The service with one <see cref="TenantWorld"/> of the demo tenant, made once for all the tests of a class.</summary>
public sealed class WorldFixture : AppFixture
{
    readonly SemaphoreSlim gate = new(1, 1);
    TenantWorld? demo;

    public async Task<TenantWorld> DemoWorld()
    {
        await gate.WaitAsync();
        try
        {
            return demo ??= await TenantWorld.CreateAsync(Host, TestAccount.Demo, 41);
        }
        finally
        {
            gate.Release();
        }
    }
}

/// <summary>
/// Issue 9, scenario 4: even code that skipped every rule above the database could not hand one address to two
/// holders. These tests go around the API, straight to the tables (SQL) and the event store (a Marten session), and
/// try to write a second active holder of an address that one holds already. Two guarantees cover every family and
/// every kind of holder (floating IPs, server ports and virtual interfaces, shared IPs, private IPs), both written in
/// the command's own transaction:
/// <list type="bullet">
/// <item><c>ip_leases</c>: primary key (scope, address), a scope being a floating pool or a subnet;</item>
/// <item><c>address_holdings</c>: unique (network_id, address) where the interval is open — per network, so it also
/// covers two subnets of one network and every kind of holder at once.</item>
/// </list>
/// The documents (floating IP, private IP, shared IP snapshots) carry no unique index across streams on purpose: a
/// projection rebuild writes a batch of snapshots in no set order, so a release and the next allocation of the same
/// address could be written the other way round and fail the rebuild.
/// </summary>
public class when_the_database_is_the_last_line_of_defense(WorldFixture app) : IClassFixture<WorldFixture>
{
    const string UniqueViolation = "23505";
    const string OpenHolding = "ux_address_holdings_current";
    static readonly string Intruder = TestAccount.Other.TenantId;

    Task<TenantWorld> World() => app.DemoWorld();

    IDocumentStore Store => app.Host.Services.GetRequiredService<IDocumentStore>();

    async Task<NpgsqlConnection> Open()
    {
        var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    static async Task<PostgresException> Refused(Func<Task> write)
    {
        var thrown = await Should.ThrowAsync<Exception>(write);
        for (Exception? e = thrown; e is not null; e = e.InnerException)
            if (e is PostgresException pg) return pg;
        throw new ShouldAssertException($"expected a PostgreSQL error, got {thrown}");
    }

    async Task<long> Count(string sql, params object[] values)
    {
        await using var connection = await Open();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var v in values) command.Parameters.Add(new NpgsqlParameter { Value = v });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    // ------------------------------------------------------------------ ip_leases

    [Fact]
    public async Task a_second_lease_of_a_leased_address_is_refused_for_every_kind_of_holder()
    {
        var w = await World();
        await using var connection = await Open();
        var leases = new List<(string Scope, string Address)>();
        await using (var read = new NpgsqlCommand("select scope, host(address) from cloudnet.ip_leases where tenant_id = $1", connection))
        {
            read.Parameters.Add(new NpgsqlParameter { Value = TestAccount.Demo.TenantId });
            await using var reader = await read.ExecuteReaderAsync();
            while (await reader.ReadAsync()) leases.Add((reader.GetString(0), reader.GetString(1)));
        }
        // Floating IP, server ports on three networks, the virtual interface, the shared IP and the private IP.
        leases.ShouldContain(l => l.Scope == "pool:default" && l.Address == w.FloatingIpAddress);
        leases.ShouldContain(l => l.Address == w.SharedIpAddress);
        leases.ShouldContain(l => l.Address == w.PrivateIpAddress);
        leases.Count.ShouldBeGreaterThanOrEqualTo(7);

        foreach (var (scope, address) in leases)
        {
            var error = await Refused(async () =>
            {
                await using var insert = new NpgsqlCommand(
                    "insert into cloudnet.ip_leases (scope, address, holder_id, tenant_id) values ($1, $2::inet, $3, $4)", connection);
                insert.Parameters.Add(new NpgsqlParameter { Value = scope });
                insert.Parameters.Add(new NpgsqlParameter { Value = address });
                insert.Parameters.Add(new NpgsqlParameter { Value = Guid.NewGuid() });
                insert.Parameters.Add(new NpgsqlParameter { Value = Intruder });
                await insert.ExecuteNonQueryAsync();
            });
            error.SqlState.ShouldBe(UniqueViolation, $"{scope} {address}");
        }
    }

    [Fact]
    public async Task the_ledger_itself_says_no_to_a_second_lease()
    {
        var w = await World();
        await using var connection = await Open();
        await using var transaction = await connection.BeginTransactionAsync();
        var ledger = new PostgresLeaseLedger(connection, "cloudnet", () => new NpgsqlConnection(app.ConnectionString));
        (await ledger.TryLeaseAsync("pool:default", System.Net.IPAddress.Parse(w.FloatingIpAddress), Guid.NewGuid(), Intruder, default))
            .ShouldBeFalse();
    }

    // ------------------------------------------------------------------ address_holdings

    [Fact]
    public async Task a_second_open_interval_of_a_held_address_is_refused_for_every_kind_of_holder()
    {
        var w = await World();
        await using var connection = await Open();
        var open = new List<(Guid Network, string Address, string Kind)>();
        await using (var read = new NpgsqlCommand(
                         "select network_id, host(address), holder_kind from cloudnet.address_holdings where to_at is null and tenant_id = $1", connection))
        {
            read.Parameters.Add(new NpgsqlParameter { Value = TestAccount.Demo.TenantId });
            await using var reader = await read.ExecuteReaderAsync();
            while (await reader.ReadAsync()) open.Add((reader.GetGuid(0), reader.GetString(1), reader.GetString(2)));
        }
        open.Select(o => o.Kind).Distinct().Order().ShouldBe(
            [HolderKinds.FloatingIp, AddressHolder.Port, AddressHolder.PrivateIp, AddressHolder.Router, AddressHolder.ServerPort, AddressHolder.SharedIp]);

        foreach (var (network, address, kind) in open)
        {
            var error = await Refused(() => InsertHolding(connection, network, address, closed: false));
            error.SqlState.ShouldBe(UniqueViolation, $"{kind} {address}");
        }
    }

    [Fact]
    public async Task closed_intervals_are_history_and_may_repeat_but_only_one_may_stay_open()
    {
        var w = await World();
        var network = FloatingIpPool.NetworkIdOf("default");
        await using var connection = await Open();

        // Earlier holders of the same address: any number, as long as each interval is closed.
        await InsertHolding(connection, network, w.FloatingIpAddress, closed: true);
        await InsertHolding(connection, network, w.FloatingIpAddress, closed: true);
        (await Count("select count(*) from cloudnet.address_holdings where network_id = $1 and address = $2::inet", network, w.FloatingIpAddress))
            .ShouldBe(3);

        (await Refused(() => InsertHolding(connection, network, w.FloatingIpAddress, closed: false))).SqlState.ShouldBe(UniqueViolation);
    }

    static async Task InsertHolding(NpgsqlConnection connection, Guid network, string address, bool closed)
    {
        await using var insert = new NpgsqlCommand(
            "insert into cloudnet.address_holdings (network_id, address, holder_id, holder_kind, tenant_id, from_at, to_at) " +
            "values ($1, $2::inet, $3, 'floating-ip', $4, now() - interval '1 hour', " + (closed ? "now() - interval '30 minutes'" : "null") + ")",
            connection);
        insert.Parameters.Add(new NpgsqlParameter { Value = network });
        insert.Parameters.Add(new NpgsqlParameter { Value = address });
        insert.Parameters.Add(new NpgsqlParameter { Value = Guid.NewGuid() });
        insert.Parameters.Add(new NpgsqlParameter { Value = Intruder });
        await insert.ExecuteNonQueryAsync();
    }

    // ------------------------------------------------------------------ the event store and its inline read models

    [Fact]
    public async Task a_second_floating_ip_allocated_with_a_held_address_is_refused_and_not_one_event_of_it_is_stored()
    {
        var w = await World();
        var before = await Count("select count(*) from cloudnet.mt_events where type <> 'tombstone'");
        var id = Guid.CreateVersion7();

        await using (var session = Store.LightweightSession())
        {
            session.Events.StartStream<FloatingIp>(id, new FloatingIpAllocated(id, Intruder, "default", w.FloatingIpAddress, "other", DateTimeOffset.UtcNow));
            (await Refused(() => session.SaveChangesAsync())).SqlState.ShouldBe(UniqueViolation);
        }

        (await Count("select count(*) from cloudnet.mt_events where type <> 'tombstone'")).ShouldBe(before);
        (await Count("select count(*) from cloudnet.mt_streams where id = $1", id)).ShouldBe(0);
    }

    [Fact]
    public async Task a_second_private_ip_assigned_with_a_held_address_is_refused_and_not_one_event_of_it_is_stored()
    {
        var w = await World();
        var existing = await Store.QuerySession().LoadAsync<PrivateIp>(Guid.Parse(w.PrivateIpId));
        var before = await Count("select count(*) from cloudnet.mt_events where type <> 'tombstone'");
        var id = Guid.CreateVersion7();
        await using var session = Store.LightweightSession();
        // What AssignPrivateIps writes, minus the lease it would have failed to take.
        var now = DateTimeOffset.UtcNow;
        session.Events.StartStream<PrivateIp>(id,
            new PrivateIpAssigned(id, Intruder, existing!.NetworkId, existing.SubnetId, existing.Address, "other", now));
        session.Events.Append(AddressStreams.IdOf(existing.NetworkId, System.Net.IPAddress.Parse(existing.Address)),
            new NetworkAddressAssigned(existing.NetworkId, existing.SubnetId, existing.Address, id, AddressHolder.PrivateIp, null, Intruder, "other", now));
        var refused = await Refused(() => session.SaveChangesAsync());
        refused.SqlState.ShouldBe(UniqueViolation);
        refused.ConstraintName.ShouldBe(OpenHolding);
        (await Count("select count(*) from cloudnet.mt_events where type <> 'tombstone'")).ShouldBe(before);
    }

    [Fact]
    public async Task a_second_shared_ip_provisioned_with_a_held_address_is_refused()
    {
        var w = await World();
        var existing = await Store.QuerySession().LoadAsync<SharedIp>(Guid.Parse(w.SharedIpId));
        var id = Guid.CreateVersion7();
        var now = DateTimeOffset.UtcNow;
        await using var session = Store.LightweightSession();
        // What ProvisionIpAddress writes, minus the lease.
        session.Events.StartStream<SharedIp>(id, new IpAddressProvisioned(id, Intruder, existing!.NetworkId, existing.SubnetId, existing.Address, 4,
            [], "shared", "other", now));
        session.Events.Append(AddressStreams.IdOf(existing.NetworkId, System.Net.IPAddress.Parse(existing.Address)),
            new NetworkAddressAssigned(existing.NetworkId, existing.SubnetId, existing.Address, id, AddressHolder.SharedIp, null, Intruder, "other", now));
        var refused = await Refused(() => session.SaveChangesAsync());
        refused.SqlState.ShouldBe(UniqueViolation);
        refused.ConstraintName.ShouldBe(OpenHolding);
    }

    [Fact]
    public async Task a_server_port_assigned_an_address_another_holds_is_refused_by_the_holdings()
    {
        var w = await World();
        var existing = await Store.QuerySession().LoadAsync<SharedIp>(Guid.Parse(w.SharedIpId));
        var network = existing!.NetworkId;
        var address = System.Net.IPAddress.Parse(existing.Address);
        await using var session = Store.LightweightSession();
        // What NetworkAddressing records for a port, minus the lease it would have failed to take.
        var assigned = new NetworkAddressAssigned(network, existing.SubnetId, existing.Address, Guid.NewGuid(), AddressHolder.ServerPort,
            Guid.NewGuid(), Intruder, "other", DateTimeOffset.UtcNow);
        session.Events.Append(AddressStreams.IdOf(network, address), assigned);
        var refused = await Refused(() => session.SaveChangesAsync());
        refused.SqlState.ShouldBe(UniqueViolation);
        refused.ConstraintName.ShouldBe(OpenHolding);
    }

    [Fact]
    public async Task a_released_address_can_be_held_again()
    {
        // The control: the guarantees are about live holders; a released floating IP's address is free once more.
        await World();
        var fip = await app.Host.AllocateFloatingIp(TestAccount.Demo);
        (await app.Host.ReleaseFloatingIp(TestAccount.Demo, fip["id"].Str())).Status().ShouldBe(202);
        var id = Guid.CreateVersion7();
        await using (var session = Store.LightweightSession())
        {
            session.Events.StartStream<FloatingIp>(id, new FloatingIpAllocated(id, Intruder, "default", fip["ip"].Str(), "other", DateTimeOffset.UtcNow));
            await session.SaveChangesAsync();
        }
        (await Store.QuerySession().LoadAsync<FloatingIp>(id)).ShouldNotBeNull();

        // Leave no holder behind that took no lease: the other tests allocate from this pool.
        await using (var session = Store.LightweightSession())
        {
            session.Events.Append(id, new FloatingIpReleased(id, "default", fip["ip"].Str(), "other", DateTimeOffset.UtcNow));
            await session.SaveChangesAsync();
        }
    }
}
