using Marten;

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
        var database = session.DocumentStore.Storage.Database;
        return new AddressAllocator(new PostgresLeaseLedger(session.Connection!, session.DocumentStore.Options.DatabaseSchemaName,
            database.CreateConnection));
    }
}
