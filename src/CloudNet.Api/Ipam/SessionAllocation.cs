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
        var store = Of(session.DocumentStore);
        return new AddressAllocator(new PostgresLeaseLedger(session.Connection!, session.DocumentStore.Options.DatabaseSchemaName,
            store.Cursors.CreateConnection), store.Reservations);
    }

    /// <summary>This process's reservations in the store (what <see cref="IpamHousekeeping"/> keeps alive and gives back).</summary>
    internal static AddressReservations ReservationsOf(IDocumentStore store) => Of(store).Reservations;

    // One pool and one set of reservations per store, made at its first allocation (not a connection string read from a
    // new connection each time).
    static PerStore Of(IDocumentStore store) => Stores.GetValue(store,
        s => new PerStore(ForCursors(s.Storage.Database.CreateConnection().ConnectionString), new AddressReservations()));

    static readonly ConditionalWeakTable<IDocumentStore, PerStore> Stores = new();

    sealed record PerStore(NpgsqlDataSource Cursors, AddressReservations Reservations);

    /// <summary>
    /// The connections cursor steps run on, in transactions of their own: with <c>synchronous_commit</c> off, as a step
    /// needs no flush of its own. A lease that depends on it commits later, and a commit flushes the write-ahead log up
    /// to its own record, so the step's with it; a step lost in a crash is one no committed lease depended on (its
    /// reservations are lost with it), and the cursor simply passes those addresses again.
    /// </summary>
    static NpgsqlDataSource ForCursors(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = "cloudnet-ipam-cursor", ConnectionIdleLifetime = 30 };
        builder.Options = $"{builder.Options} -c synchronous_commit=off".Trim();
        return NpgsqlDataSource.Create(builder);
    }
}
