using Marten;
using Npgsql;

namespace CloudNet.Networks;

/// <summary>
/// PostgreSQL advisory locks held until the session's transaction ends, named by a key in the store's schema: shared ones never
/// wait on each other, an exclusive one waits for the shared ones in flight and holds off new ones. What writes on behalf of a
/// resource from outside its stream (an allocation on a network, a port naming a security group) shares the resource's lock;
/// what would pull the resource from under it (a delete) takes it exclusively, and then sees what the others committed.
/// </summary>
public static class TransactionLocks
{
    public static Task ShareAsync(IDocumentSession session, string key, CancellationToken ct) =>
        LockAsync(session, "pg_advisory_xact_lock_shared", key, ct);

    public static Task ExclusiveAsync(IDocumentSession session, string key, CancellationToken ct) =>
        LockAsync(session, "pg_advisory_xact_lock", key, ct);

    static async Task LockAsync(IDocumentSession session, string function, string key, CancellationToken ct)
    {
        await session.BeginTransactionAsync(ct);
        await using var command = new NpgsqlCommand($"SELECT {function}(hashtextextended(@key, 0))", session.Connection);
        command.Parameters.AddWithValue("key", $"{session.DocumentStore.Options.DatabaseSchemaName}:{key}");
        await command.ExecuteNonQueryAsync(ct);
    }
}
