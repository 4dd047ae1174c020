using Marten;

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
        TransactionLocks.ShareAsync(session, $"network:{networkId}", ct);

    public static Task ExclusiveAsync(IDocumentSession session, Guid networkId, CancellationToken ct) =>
        TransactionLocks.ExclusiveAsync(session, $"network:{networkId}", ct);

    /// <summary>
    /// Locks the network's stream row, from the session's batch, before an address event is appended to it. Those
    /// appends carry no expected version, and Marten's append reads the stream's version without a lock: two
    /// transactions appending at once would both take the same next version, and the later one would fail on the
    /// (stream, version) key at commit — a 409 for a request that raced nobody it could know of. With the row
    /// locked first, the second append waits and then reads the version the first one committed. The lock travels
    /// in the batch (<see cref="LockStreamRow"/>), so it is held for the batch and the COMMIT only, not for the
    /// rest of the request: every address change of a network queues on this row.
    /// </summary>
    public static void Stream(IDocumentSession session, Guid networkId) =>
        session.QueueOperation(new LockStreamRow(session.DocumentStore.Options.DatabaseSchemaName, NetworkKeys.StreamId(networkId)));
}
