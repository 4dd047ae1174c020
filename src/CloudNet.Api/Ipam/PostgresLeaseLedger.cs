using System.Net;
using Npgsql;
using NpgsqlTypes;

namespace CloudNet.Ipam;

/// <summary>
/// <see cref="ILeaseLedger"/> over the tables of <see cref="IpamSchema"/>. Commands run on the caller's
/// connection and therefore inside its open transaction: the cursor row stays locked until the caller
/// commits, which serialises allocations per scope, and a rolled-back allocation gives its offset back.
/// </summary>
public sealed class PostgresLeaseLedger(NpgsqlConnection connection, string schema) : ILeaseLedger
{
    private readonly string _scopes = IpamSchema.Qualified(schema, IpamSchema.ScopesTable);
    private readonly string _released = IpamSchema.Qualified(schema, IpamSchema.ReleasedTable);
    private readonly string _leases = IpamSchema.Qualified(schema, IpamSchema.LeasesTable);

    public async Task LockScopeAsync(string scope, CancellationToken ct)
    {
        // The no-op update locks the existing row exactly as the insert locks a new one.
        await using var command = Command($"""
            INSERT INTO {_scopes} AS s (scope, next_offset) VALUES (@scope, 0)
            ON CONFLICT (scope) DO UPDATE SET next_offset = s.next_offset
            """, scope);
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<IPAddress?> TakeReleasedAsync(string scope, CancellationToken ct)
    {
        // SKIP LOCKED: a released row another transaction is taking is not waited for; that one gets it.
        await using var command = Command($"""
            DELETE FROM {_released}
            WHERE (scope, address) = (
                SELECT scope, address FROM {_released}
                WHERE scope = @scope
                ORDER BY address
                LIMIT 1
                FOR UPDATE SKIP LOCKED)
            RETURNING address
            """, scope);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? reader.GetFieldValue<IPAddress>(0) : null;
    }

    public async Task<long?> AdvanceCursorAsync(string scope, long capacity, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        // The conflicting row is locked even when the WHERE rejects the update, so concurrent callers
        // queue behind the first until it commits and then see its advanced cursor.
        await using var command = Command($"""
            INSERT INTO {_scopes} AS s (scope, next_offset) VALUES (@scope, 1)
            ON CONFLICT (scope) DO UPDATE SET next_offset = s.next_offset + 1
            WHERE s.next_offset < @capacity
            RETURNING next_offset - 1
            """, scope);
        command.Parameters.Add(new NpgsqlParameter<long>("capacity", NpgsqlDbType.Bigint) { TypedValue = capacity });
        var taken = await command.ExecuteScalarAsync(ct);
        return taken is long offset ? offset : null;
    }

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
