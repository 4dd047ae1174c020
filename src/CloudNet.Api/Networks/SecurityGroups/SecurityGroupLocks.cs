using Marten;

namespace CloudNet.Networks.SecurityGroups;

/// <summary>
/// A port naming a group and the group's deletion (or a change of its statefulness) must not interleave: a delete that saw no
/// port could otherwise commit beside a port create it did not see. Ports (and rules naming a remote group) share the group's
/// lock, so they never wait on each other; a delete takes it exclusively, so it waits for them and then sees their ports.
/// </summary>
public static class SecurityGroupLocks
{
    public static async Task ShareAsync(IDocumentSession session, IEnumerable<Guid> groupIds, CancellationToken ct)
    {
        // In one order, so that two requests sharing several groups never wait on each other's delete in a cycle.
        foreach (var id in groupIds.Distinct().Order()) await TransactionLocks.ShareAsync(session, Key(id), ct);
    }

    public static Task ExclusiveAsync(IDocumentSession session, Guid groupId, CancellationToken ct) =>
        TransactionLocks.ExclusiveAsync(session, Key(groupId), ct);

    static string Key(Guid groupId) => $"security-group:{groupId}";
}
