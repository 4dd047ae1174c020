using Marten;
using Npgsql;

namespace CloudNet.Networks;

/// <summary>
/// Giving out addresses on a network and deleting the network (or a subnet) must not interleave: a delete
/// that saw no leases could otherwise commit beside an allocation it did not see. Allocations share a
/// transaction-scoped lock on the network, so they never wait on each other; a delete takes it exclusively,
/// so it waits for the allocations in flight and then sees their leases.
/// </summary>
public static class NetworkLocks
{
    public static Task ShareAsync(IDocumentSession session, Guid networkId, CancellationToken ct) =>
        LockAsync(session, "pg_advisory_xact_lock_shared", networkId, ct);

    public static Task ExclusiveAsync(IDocumentSession session, Guid networkId, CancellationToken ct) =>
        LockAsync(session, "pg_advisory_xact_lock", networkId, ct);

    static async Task LockAsync(IDocumentSession session, string function, Guid networkId, CancellationToken ct)
    {
        await session.BeginTransactionAsync(ct);
        await using var command = new NpgsqlCommand($"SELECT {function}(hashtextextended(@key, 0))", session.Connection);
        command.Parameters.AddWithValue("key", $"{session.DocumentStore.Options.DatabaseSchemaName}:network:{networkId}");
        await command.ExecuteNonQueryAsync(ct);
    }
}
