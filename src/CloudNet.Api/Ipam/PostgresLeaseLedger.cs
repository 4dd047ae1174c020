using System.Net;
using Npgsql;
using NpgsqlTypes;

namespace CloudNet.Ipam;

/// <summary>
/// <see cref="ILeaseLedger"/> over the tables of <see cref="IpamSchema"/>. Leases and takes of released or reserved
/// addresses run on the caller's connection, inside its open transaction; the cursor moves on a connection of its own
/// (<paramref name="ownConnection"/>, autocommit), so its row is locked for one statement, not until the caller commits.
/// </summary>
public sealed class PostgresLeaseLedger(NpgsqlConnection connection, string schema, Func<NpgsqlConnection> ownConnection) : ILeaseLedger
{
    private readonly string _scopes = IpamSchema.Qualified(schema, IpamSchema.ScopesTable);
    private readonly string _released = IpamSchema.Qualified(schema, IpamSchema.ReleasedTable);
    private readonly string _reserved = IpamSchema.Qualified(schema, IpamSchema.ReservedTable);
    private readonly string _reservers = IpamSchema.Qualified(schema, IpamSchema.ReserversTable);
    private readonly string _leases = IpamSchema.Qualified(schema, IpamSchema.LeasesTable);

    /// <remarks>
    /// SKIP LOCKED: a released or reserved row another transaction is taking is never waited for; that one gets it.
    /// Waiting could also close a circle: an address this transaction already leased by request may sit on the list
    /// while another allocation, having taken that row, waits to lease it (a deadlock, seen under 24 parallel requests).
    /// Only a block with allocation pools pays for the pools' test: the statement of every other scope is unchanged.
    /// </remarks>
    public async Task<TakenLease> LeaseNextAsync(string scope, AddressBlock block, Guid owner, bool anyOwner, Guid holderId,
        string tenantId, CancellationToken ct)
    {
        var usable = block.Pools.Count == 0
            ? "NOT address = ANY(@reserved)"
            : """
              NOT address = ANY(@reserved)
              AND EXISTS (SELECT 1 FROM unnest(@pool_starts, @pool_ends) AS p(first_address, last_address)
                          WHERE address BETWEEN p.first_address AND p.last_address)
              """;
        await using var command = Command($"""
            WITH released AS (
                DELETE FROM {_released}
                WHERE (scope, address) = (
                    SELECT scope, address FROM {_released}
                    WHERE scope = @scope AND {usable}
                    ORDER BY address LIMIT 1
                    FOR UPDATE SKIP LOCKED)
                RETURNING address),
            reserved AS (
                DELETE FROM {_reserved}
                WHERE (scope, address) = (
                    SELECT scope, address FROM {_reserved}
                    WHERE scope = @scope AND (owner = @owner OR @any_owner) AND {usable}
                      AND NOT EXISTS (SELECT 1 FROM released)
                    ORDER BY address LIMIT 1
                    FOR UPDATE SKIP LOCKED)
                RETURNING address),
            taken AS (
                SELECT address, false AS was_reserved FROM released
                UNION ALL SELECT address, true FROM reserved),
            leased AS (
                INSERT INTO {_leases} (scope, address, holder_id, tenant_id)
                SELECT @scope, address, @holder, @tenant FROM taken
                ON CONFLICT (scope, address) DO NOTHING
                RETURNING address)
            SELECT address, EXISTS (SELECT 1 FROM leased), was_reserved FROM taken
            """, scope, null, holderId);
        command.Parameters.Add(new NpgsqlParameter<Guid>("owner", NpgsqlDbType.Uuid) { TypedValue = owner });
        command.Parameters.Add(new NpgsqlParameter<bool>("any_owner", NpgsqlDbType.Boolean) { TypedValue = anyOwner });
        command.Parameters.Add(new NpgsqlParameter<IPAddress[]>("reserved", NpgsqlDbType.Array | NpgsqlDbType.Inet) { TypedValue = block.Reserved.ToArray() });
        if (block.Pools.Count > 0)
        {
            command.Parameters.Add(new NpgsqlParameter<IPAddress[]>("pool_starts", NpgsqlDbType.Array | NpgsqlDbType.Inet) { TypedValue = block.Pools.Select(p => p.Start).ToArray() });
            command.Parameters.Add(new NpgsqlParameter<IPAddress[]>("pool_ends", NpgsqlDbType.Array | NpgsqlDbType.Inet) { TypedValue = block.Pools.Select(p => p.End).ToArray() });
        }
        command.Parameters.Add(new NpgsqlParameter<string>("tenant", NpgsqlDbType.Text) { TypedValue = tenantId });
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return default;
        Interlocked.Increment(ref takes);
        return new TakenLease(reader.GetFieldValue<IPAddress>(0), reader.GetBoolean(1), reader.GetBoolean(2));
    }

    public async Task<ReservationStep> ReserveAsync(string scope, AddressBlock block, Guid owner, CancellationToken ct)
    {
        // The conflicting row is locked even when the WHERE rejects the update, so concurrent callers queue behind
        // the first for the length of this one statement, and each passes different offsets. The cursor stops at
        // multiples of the step (rounding up an offset set otherwise, e.g. by a rebuild of the write side), so the offsets
        // a step passed are those from the multiple below its new value: a rounded-up step may pass again a few offsets
        // already passed, which the leases' key and the reservations' key make harmless, and never skips one.
        await using var own = ownConnection();
        await own.OpenAsync(ct);
        // The offset names an address through the block's ranges (its allocation pools, or the whole block as one range).
        await using var command = new NpgsqlCommand($"""
            WITH moved AS (
                INSERT INTO {_scopes} AS s (scope, next_offset) VALUES (@scope, LEAST(@step, @capacity))
                ON CONFLICT (scope) DO UPDATE SET next_offset = LEAST(@capacity, (s.next_offset / @step + 1) * @step)
                WHERE s.next_offset < @capacity
                RETURNING next_offset AS upto),
            passed AS (
                SELECT r.first_address + (o.o - r.first_offset) AS address
                FROM moved m, generate_series((m.upto - 1) / @step * @step, m.upto - 1) AS o(o),
                     unnest(@range_starts, @range_offsets, @range_sizes) AS r(first_address, first_offset, size)
                WHERE o.o >= r.first_offset AND o.o < r.first_offset + r.size),
            registered AS (
                INSERT INTO {_reservers} (owner, seen_at) SELECT @owner, now() WHERE EXISTS (SELECT 1 FROM moved)
                ON CONFLICT (owner) DO UPDATE SET seen_at = now()),
            reserved AS (
                INSERT INTO {_reserved} (scope, address, owner)
                SELECT @scope, address, @owner FROM passed
                WHERE NOT address = ANY(@reserved)
                ON CONFLICT (scope, address) DO NOTHING
                RETURNING address)
            SELECT EXISTS (SELECT 1 FROM moved), (SELECT count(*) FROM reserved)
            """, own);
        var ranges = block.CursorRanges;
        command.Parameters.Add(new NpgsqlParameter<string>("scope", NpgsqlDbType.Text) { TypedValue = scope });
        command.Parameters.Add(new NpgsqlParameter<Guid>("owner", NpgsqlDbType.Uuid) { TypedValue = owner });
        command.Parameters.Add(new NpgsqlParameter<long>("capacity", NpgsqlDbType.Bigint) { TypedValue = block.Capacity });
        command.Parameters.Add(new NpgsqlParameter<long>("step", NpgsqlDbType.Bigint) { TypedValue = ILeaseLedger.ReservationSize(block) });
        command.Parameters.Add(new NpgsqlParameter<IPAddress[]>("range_starts", NpgsqlDbType.Array | NpgsqlDbType.Inet) { TypedValue = ranges.Select(r => r.Start).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<long[]>("range_offsets", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = ranges.Select(r => r.FirstOffset).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<long[]>("range_sizes", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = ranges.Select(r => r.Size).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<IPAddress[]>("reserved", NpgsqlDbType.Array | NpgsqlDbType.Inet) { TypedValue = block.Reserved.ToArray() });
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return new ReservationStep(reader.GetBoolean(0), (int)reader.GetInt64(1));
    }

    public async Task ResetCursorAsync(string scope, CancellationToken ct)
    {
        await using var command = Command($"""
            UPDATE {_scopes} SET next_offset = 0 WHERE scope = @scope;
            DELETE FROM {_reserved} WHERE scope = @scope
            """, scope);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Released or reserved addresses taken by this process, all scopes and databases together: each take deletes a row
    /// of a small table that is mostly read from its lowest row, and <see cref="IpamHousekeeping"/> vacuums those tables
    /// when this number has moved.
    /// </summary>
    internal static long Takes => Interlocked.Read(ref takes);

    static long takes;

    public async Task<bool> TryLeaseAsync(string scope, IPAddress address, Guid holderId, string tenantId, CancellationToken ct)
    {
        await using var command = Command($"""
            INSERT INTO {_leases} (scope, address, holder_id, tenant_id) VALUES (@scope, @address, @holder, @tenant)
            ON CONFLICT (scope, address) DO NOTHING
            """, scope, address, holderId);
        command.Parameters.Add(new NpgsqlParameter<string>("tenant", NpgsqlDbType.Text) { TypedValue = tenantId });
        return await command.ExecuteNonQueryAsync(ct) == 1;
    }

    public async Task<bool> ReleaseAsync(string scope, IPAddress address, Guid holderId, CancellationToken ct)
    {
        // The released row may already exist when a cursor or request re-leased an address that was still
        // listed as released; that stale entry is skipped by the allocator, so DO NOTHING is enough.
        await using var command = Command($"""
            WITH gone AS (
                DELETE FROM {_leases}
                WHERE scope = @scope AND address = @address AND holder_id = @holder
                RETURNING scope, address),
            recorded AS (
                INSERT INTO {_released} (scope, address) SELECT scope, address FROM gone
                ON CONFLICT (scope, address) DO NOTHING)
            SELECT count(*) FROM gone
            """, scope, address, holderId);
        return (long)(await command.ExecuteScalarAsync(ct))! > 0;
    }

    public async Task<bool> AnyLeasedAsync(IReadOnlyCollection<string> scopes, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"SELECT EXISTS (SELECT 1 FROM {_leases} WHERE scope = ANY(@scopes))", connection);
        command.Parameters.Add(new NpgsqlParameter<string[]>("scopes", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = scopes.ToArray() });
        return (bool)(await command.ExecuteScalarAsync(ct))!;
    }

    private NpgsqlCommand Command(string sql, string scope, IPAddress? address = null, Guid? holderId = null)
    {
        var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter<string>("scope", NpgsqlDbType.Text) { TypedValue = scope });
        if (address is not null)
            command.Parameters.Add(new NpgsqlParameter<IPAddress>("address", NpgsqlDbType.Inet) { TypedValue = address });
        if (holderId is { } holder)
            command.Parameters.Add(new NpgsqlParameter<Guid>("holder", NpgsqlDbType.Uuid) { TypedValue = holder });
        return command;
    }
}
