using System.Runtime.CompilerServices;
using Marten;
using Npgsql;

namespace CloudNet.Ipam;

public static class SessionAllocation
{
    /// <summary>
    /// An allocator working inside this session's transaction, so that leases and the events that record
    /// them commit together or not at all. Starts the transaction, which Marten's SaveChanges then commits.
    /// </summary>
    public static async Task<AddressAllocator> AddressAllocatorAsync(this IDocumentSession session, CancellationToken ct)
    {
        await session.BeginTransactionAsync(ct);
        // One pool per store, made at its first allocation (not a connection string read from a new connection each time).
        var cursors = CursorConnections.GetValue(session.DocumentStore,
            store => ForCursors(store.Storage.Database.CreateConnection().ConnectionString));
        return new AddressAllocator(new PostgresLeaseLedger(session.Connection!, session.DocumentStore.Options.DatabaseSchemaName,
            cursors.CreateConnection));
    }

    static readonly ConditionalWeakTable<IDocumentStore, NpgsqlDataSource> CursorConnections = new();

    /// <summary>
    /// The connections cursor steps run on, in transactions of their own: with <c>synchronous_commit</c> off, as a step
    /// needs no flush of its own. A lease that depends on it commits later, and a commit flushes the write-ahead log up
    /// to its own record, so the step's with it; a step lost in a crash is one no committed lease depended on, and the
    /// cursor simply passes that address again.
    /// </summary>
    static NpgsqlDataSource ForCursors(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = "cloudnet-ipam-cursor", ConnectionIdleLifetime = 30 };
        builder.Options = $"{builder.Options} -c synchronous_commit=off".Trim();
        return NpgsqlDataSource.Create(builder);
    }
}
