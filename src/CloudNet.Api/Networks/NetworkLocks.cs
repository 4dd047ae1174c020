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
}
