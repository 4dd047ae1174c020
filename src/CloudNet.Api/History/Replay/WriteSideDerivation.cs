using System.Net;
using CloudNet.Compute.FloatingIps;
using CloudNet.Compute.FloatingIps.Pools;
using CloudNet.Compute.Servers;
using CloudNet.History.Holdings;
using CloudNet.Ipam;
using CloudNet.Networks;
using Marten;
using Marten.Events;
using Npgsql;

namespace CloudNet.History.Replay;

/// <summary>
/// Derives from the events (and the rebuilt read models) the write-side state that is not made of events, so that
/// an imported store keeps working: the IPAM leases (one per address held now), each scope's cursor and released
/// addresses, and the MAC sequence past every MAC ever handed out. Replaces whatever IPAM state there was, in one
/// transaction: run it on a stopped service only.
/// </summary>
/// <remarks>
/// The original cursor and released list are not in the events; what is derived gives the same addresses out,
/// possibly in another order: the cursor is put just past the longest run of offsets (from the block's start) that
/// were all held once, the addresses of that run that are free now become the released list (given out lowest first,
/// as before), and addresses past the run are reached by the cursor, which skips those still leased.
/// </remarks>
public static class WriteSideDerivation
{
    public static async Task DeriveAsync(IDocumentStore store, FloatingIpPools pools, TextWriter log, CancellationToken ct)
    {
        var schema = store.Options.DatabaseSchemaName;
        var events = store.Options.Events.DatabaseSchemaName;
        var graph = (EventGraph)store.Options.Events;
        string TypeOf<T>() => graph.EventMappingFor(typeof(T)).EventTypeName;
        var leases = IpamSchema.Qualified(schema, IpamSchema.LeasesTable);
        var scopes = IpamSchema.Qualified(schema, IpamSchema.ScopesTable);
        var released = IpamSchema.Qualified(schema, IpamSchema.ReleasedTable);
        var reserved = IpamSchema.Qualified(schema, IpamSchema.ReservedTable);
        var holdings = $"{schema}.{AddressHoldingsProjection.TableName}";

        // Every address ever given out, with the IPAM scope it came from: a subnet's (named in the network's event), a floating
        // pool's, or a pool's through its subnet (a router's gateway: the pools' subnets are no IPAM scopes of their own).
        var poolSubnets = string.Concat(pools.All.Select(p =>
            $"when '{Networks.FloatingIps.ExternalNetworks.SubnetIdOf(p)}' then '{p.IpamScope.Replace("'", "''")}' "));
        var scopeOfSubnet = poolSubnets.Length == 0
            ? "'subnet:' || (data->>'SubnetId')"
            : $"case data->>'SubnetId' {poolSubnets}else 'subnet:' || (data->>'SubnetId') end";
        var assignments = $"""
            select {scopeOfSubnet} as scope, (data->>'Address')::inet as address, (data->>'HolderId')::uuid as holder_id
            from {events}.mt_events where type = '{TypeOf<NetworkAddressAssigned>()}'
            union
            select 'pool:' || (data->>'Pool'), (data->>'Address')::inet, (data->>'FloatingIpId')::uuid
            from {events}.mt_events where type = '{TypeOf<FloatingIpAllocated>()}'
            """;

        var blocks = await BlocksAsync(store, pools, ct);
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        // Reservations go too: they name offsets of the cursors replaced here (running processes find theirs gone and reserve anew).
        await ExecuteAsync($"delete from {leases}; delete from {scopes}; delete from {released}; delete from {reserved}");

        // A lease for each address held now: the open intervals of the holdings read model.
        var leased = await ExecuteAsync($"""
            insert into {leases} (scope, address, holder_id, tenant_id, leased_at)
            select a.scope, h.address, h.holder_id, h.tenant_id, h.from_at
            from {holdings} h join ({assignments}) a on a.holder_id = h.holder_id and a.address = h.address
            where h.to_at is null
            """);
        var open = await ScalarAsync($"select count(*) from {holdings} where to_at is null");
        if (open != leased)
            throw new InvalidOperationException(
                $"{open - leased} addresses held now have no assignment event that names their IPAM scope; the write-side state was not changed.");

        // Cursors and released addresses, scope by scope, from every address ever given out.
        var cursors = new List<(string Scope, long Offset)>();
        var free = new List<(string Scope, IPAddress Address)>();
        var unknown = new SortedSet<string>(StringComparer.Ordinal);
        await using (var command = new NpgsqlCommand($"""
            select a.scope, a.address, l.address is not null
            from (select distinct scope, address from ({assignments}) x) a
            left join {leases} l on l.scope = a.scope and l.address = a.address
            order by a.scope, a.address
            """, connection, transaction) { CommandTimeout = 0 })
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            ScopeCursor? cursor = null;
            while (await reader.ReadAsync(ct))
            {
                var scope = reader.GetString(0);
                if (cursor?.Scope != scope)
                {
                    if (cursor is not null) cursors.Add((cursor.Scope, cursor.Offset));
                    cursor = blocks.TryGetValue(scope, out var block) ? new ScopeCursor(scope, block) : null;
                    if (cursor is null) unknown.Add(scope);
                }
                var address = reader.GetFieldValue<IPAddress>(1);
                if (cursor?.Passes(address, heldNow: reader.GetBoolean(2)) == true) free.Add((scope, address));
            }
            if (cursor is not null) cursors.Add((cursor.Scope, cursor.Offset));
        }
        await InsertAsync($"insert into {scopes} (scope, next_offset) select * from unnest($1::text[], $2::bigint[])",
            cursors.Select(c => c.Scope).ToArray(), cursors.Select(c => c.Offset).ToArray());
        await InsertAsync($"insert into {released} (scope, address) select * from unnest($1::text[], $2::inet[])",
            free.Select(f => f.Scope).ToArray(), free.Select(f => f.Address).ToArray());

        var mac = await MacFloorAsync();
        await transaction.CommitAsync(ct);

        log.WriteLine($"write side: {leased:N0} leases (the addresses held now), {cursors.Count} scope cursors, " +
            $"{free.Count:N0} released addresses to reuse, MAC sequence at {(mac is { } m ? MacAddresses.Format(m) : "its start")}; " +
            "private IP ids continue after the highest at the service's start");
        if (unknown.Count > 0)
            log.WriteLine($"write side: no cursor for {string.Join(", ", unknown)}: a deleted subnet, or a floating pool this " +
                "deployment does not configure (its leases are kept; configure the pool to allocate from it)");
        return;

        async Task<long> ExecuteAsync(string sql)
        {
            await using var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = 0 };
            return await command.ExecuteNonQueryAsync(ct);
        }

        async Task<long> ScalarAsync(string sql)
        {
            await using var command = new NpgsqlCommand(sql, connection, transaction);
            return (long)(await command.ExecuteScalarAsync(ct))!;
        }

        async Task InsertAsync<T>(string sql, string[] keys, T[] values)
        {
            await using var command = new NpgsqlCommand(sql, connection, transaction);
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = keys });
            command.Parameters.Add(new NpgsqlParameter<T[]> { TypedValue = values });
            await command.ExecuteNonQueryAsync(ct);
        }

        // MACs are never reused, detached interfaces' included: the sequence goes past the highest in any event.
        async Task<long?> MacFloorAsync()
        {
            await using var command = new NpgsqlCommand($"""
                select max(('x' || lpad(replace(right(btrim(m::text, '"'), 8), ':', ''), 8, '0'))::bit(32)::bigint)
                from {events}.mt_events e cross join lateral jsonb_path_query(e.data, '$.**.MacAddress') m
                where e.type = any($1) and lower(btrim(m::text, '"')) like lower('{MacAddresses.Prefix}:%')
                """, connection, transaction) { CommandTimeout = 0 };
            command.Parameters.Add(new NpgsqlParameter<string[]>
            {
                TypedValue = [TypeOf<ServerCreated>(), TypeOf<VirtualInterfaceAttached>(), TypeOf<Networks.Ports.PortCreated>()],
            });
            if (await command.ExecuteScalarAsync(ct) is not long highest) return null;
            await using var setval = new NpgsqlCommand(
                $"select setval('\"{schema}\".\"{MacAddresses.SequenceName}\"', $1)", connection, transaction);
            setval.Parameters.Add(new NpgsqlParameter<long> { TypedValue = highest });
            await setval.ExecuteNonQueryAsync(ct);
            return highest;
        }
    }

    /// <summary>The address block of every scope allocations can come from: the subnets of the networks that exist,
    /// and the configured floating pools.</summary>
    static async Task<Dictionary<string, AddressBlock>> BlocksAsync(IDocumentStore store, FloatingIpPools pools, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var networks = await session.Query<Network>().ToListAsync(ct);
        var blocks = networks.SelectMany(n => n.Subnets).ToDictionary(s => s.IpamScope, s => s.Block());
        foreach (var pool in pools.All) blocks[pool.IpamScope] = pool.Block;
        return blocks;
    }

    /// <summary>
    /// Walks a scope's addresses ever given out, lowest first, and moves the cursor over the run of offsets from the
    /// block's start that were all given out (or can never be: network, broadcast, gateway).
    /// </summary>
    sealed class ScopeCursor
    {
        readonly AddressBlock block;
        bool runEnded;

        public ScopeCursor(string scope, AddressBlock block)
        {
            Scope = scope;
            this.block = block;
            SkipReserved();
        }

        public string Scope { get; }

        public long Offset { get; private set; }

        /// <summary>Takes the next address (in ascending order); returns whether it belongs in the released list:
        /// behind the cursor and free now.</summary>
        public bool Passes(IPAddress address, bool heldNow)
        {
            if (block.OffsetOf(address) is not { } offset) return false;
            if (!runEnded)
            {
                if (offset == Offset)
                {
                    Offset++;
                    SkipReserved();
                }
                else if (offset > Offset) runEnded = true;
            }
            return offset < Offset && !heldNow;
        }

        void SkipReserved()
        {
            while (Offset < block.Capacity && block.Check(block.AddressAt(Offset)) != AddressCheck.Usable) Offset++;
        }
    }
}
