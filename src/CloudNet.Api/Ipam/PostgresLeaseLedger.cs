using System.Net;
using Npgsql;
using NpgsqlTypes;

namespace CloudNet.Ipam;

/// <summary>
/// <see cref="ILeaseLedger"/> over the tables of <see cref="IpamSchema"/>. Leases and released-list takes run on the
/// caller's connection, inside its open transaction; the cursor moves on a connection of its own
/// (<paramref name="ownConnection"/>, autocommit), so its row is locked for one statement, not until the caller commits.
/// </summary>
public sealed class PostgresLeaseLedger(NpgsqlConnection connection, string schema, Func<NpgsqlConnection> ownConnection) : ILeaseLedger
{
    private readonly string _scopes = IpamSchema.Qualified(schema, IpamSchema.ScopesTable);
    private readonly string _released = IpamSchema.Qualified(schema, IpamSchema.ReleasedTable);
    private readonly string _leases = IpamSchema.Qualified(schema, IpamSchema.LeasesTable);

    /// <remarks>Only a block with allocation pools pays for the pools' test: the statement of every other scope is unchanged.</remarks>
    public Task<ReleasedLease> LeaseReleasedAsync(string scope, AddressBlock block, Guid holderId, string tenantId, CancellationToken ct) =>
        block.Pools.Count == 0
            ? TakeAndLeaseAsync("NOT address = ANY(@reserved) ORDER BY address LIMIT 1", scope, null, block, holderId, tenantId, ct)
            : TakeAndLeaseAsync("""
                NOT address = ANY(@reserved)
                AND EXISTS (SELECT 1 FROM unnest(@pool_starts, @pool_ends) AS p(first_address, last_address)
                            WHERE address BETWEEN p.first_address AND p.last_address)
                ORDER BY address LIMIT 1
                """, scope, null, block, holderId, tenantId, ct);

    public async Task<CursorStep> AdvanceCursorAsync(string scope, AddressBlock block, CancellationToken ct)
    {
        // The conflicting row is locked even when the WHERE rejects the update, so concurrent callers queue behind
        // the first for the length of this one statement, and each passes a different address.
        await using var own = ownConnection();
        await own.OpenAsync(ct);
        // The offset names an address through the block's ranges (its allocation pools, or the whole block as one range).
        await using var command = new NpgsqlCommand($"""
            WITH moved AS (
                INSERT INTO {_scopes} AS s (scope, next_offset) VALUES (@scope, 1)
                ON CONFLICT (scope) DO UPDATE SET next_offset = s.next_offset + 1
                WHERE s.next_offset < @capacity
                RETURNING next_offset - 1 AS passed_offset),
            passed AS (
                SELECT r.first_address + (m.passed_offset - r.first_offset) AS address
                FROM moved m, unnest(@range_starts, @range_offsets, @range_sizes) AS r(first_address, first_offset, size)
                WHERE m.passed_offset >= r.first_offset AND m.passed_offset < r.first_offset + r.size),
            listed AS (
                INSERT INTO {_released} (scope, address)
                SELECT @scope, address FROM passed
                WHERE NOT address = ANY(@reserved)
                ON CONFLICT (scope, address) DO NOTHING
                RETURNING address)
            SELECT EXISTS (SELECT 1 FROM moved), (SELECT address FROM listed)
            """, own);
        var ranges = block.CursorRanges;
        command.Parameters.Add(new NpgsqlParameter<string>("scope", NpgsqlDbType.Text) { TypedValue = scope });
        command.Parameters.Add(new NpgsqlParameter<long>("capacity", NpgsqlDbType.Bigint) { TypedValue = block.Capacity });
        command.Parameters.Add(new NpgsqlParameter<IPAddress[]>("range_starts", NpgsqlDbType.Array | NpgsqlDbType.Inet) { TypedValue = ranges.Select(r => r.Start).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<long[]>("range_offsets", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = ranges.Select(r => r.FirstOffset).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<long[]>("range_sizes", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = ranges.Select(r => r.Size).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<IPAddress[]>("reserved", NpgsqlDbType.Array | NpgsqlDbType.Inet) { TypedValue = block.Reserved.ToArray() });
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        Interlocked.Increment(ref cursorSteps);
        return new CursorStep(reader.GetBoolean(0), reader.IsDBNull(1) ? null : reader.GetFieldValue<IPAddress>(1));
    }

    public Task<ReleasedLease> LeaseListedAsync(string scope, IPAddress address, Guid holderId, string tenantId, CancellationToken ct) =>
        TakeAndLeaseAsync("address = @address", scope, address, null, holderId, tenantId, ct);

    public async Task ResetCursorAsync(string scope, CancellationToken ct)
    {
        await using var command = Command($"UPDATE {_scopes} SET next_offset = 0 WHERE scope = @scope", scope);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Takes one released row of the scope, the one <paramref name="which"/> picks, and leases its address.</summary>
    /// <remarks>
    /// SKIP LOCKED: a released row another transaction is taking is never waited for; that one gets it. Waiting could
    /// also close a circle: the cursor can list an address this transaction already leased by request while another
    /// allocation, having taken that row, waits to lease it (a deadlock, seen under 24 parallel requests).
    /// </remarks>
    async Task<ReleasedLease> TakeAndLeaseAsync(string which, string scope, IPAddress? address, AddressBlock? block,
        Guid holderId, string tenantId, CancellationToken ct)
    {
        await using var command = Command($"""
            WITH taken AS (
                DELETE FROM {_released}
                WHERE (scope, address) = (
                    SELECT scope, address FROM {_released}
                    WHERE scope = @scope AND {which}
                    FOR UPDATE SKIP LOCKED)
                RETURNING address),
            leased AS (
                INSERT INTO {_leases} (scope, address, holder_id, tenant_id)
                SELECT @scope, address, @holder, @tenant FROM taken
                ON CONFLICT (scope, address) DO NOTHING
                RETURNING address)
            SELECT address, EXISTS (SELECT 1 FROM leased) FROM taken
            """, scope, address, holderId);
        if (block is not null)
        {
            command.Parameters.Add(new NpgsqlParameter<IPAddress[]>("reserved", NpgsqlDbType.Array | NpgsqlDbType.Inet) { TypedValue = block.Reserved.ToArray() });
            if (block.Pools.Count > 0)
            {
                command.Parameters.Add(new NpgsqlParameter<IPAddress[]>("pool_starts", NpgsqlDbType.Array | NpgsqlDbType.Inet) { TypedValue = block.Pools.Select(p => p.Start).ToArray() });
                command.Parameters.Add(new NpgsqlParameter<IPAddress[]>("pool_ends", NpgsqlDbType.Array | NpgsqlDbType.Inet) { TypedValue = block.Pools.Select(p => p.End).ToArray() });
            }
        }
        command.Parameters.Add(new NpgsqlParameter<string>("tenant", NpgsqlDbType.Text) { TypedValue = tenantId });
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? new ReleasedLease(reader.GetFieldValue<IPAddress>(0), reader.GetBoolean(1)) : default;
    }

    /// <summary>
    /// Cursor steps taken by this process, all scopes and databases together: every step inserts a released row and
    /// deletes it, and <see cref="ReleasedListVacuum"/> vacuums the list when this number has moved.
    /// </summary>
    internal static long CursorSteps => Interlocked.Read(ref cursorSteps);

    static long cursorSteps;

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
