using CloudNet.Identity;
using CloudNet.Networks.Ports;
using Marten;

namespace CloudNet.Networks.SecurityGroups;

/// <summary>
/// The security groups of a port, as Neutron settles them: those the request names must be the project's (404
/// <c>SecurityGroupNotFound</c> naming the missing ones); a port that names none gets the project's <c>default</c> group, unless
/// its port security is off, it has no address, or it is the network's own (a router's interface: <c>network:*</c> owners are
/// trusted, as in Neutron).
/// </summary>
public static class PortSecurityGroups
{
    /// <summary>Pure: whether a new port without <c>security_groups</c> in its request gets the default group.</summary>
    public static bool TakesDefault(PortAttributes attributes, int addresses) =>
        attributes.PortSecurityEnabled && addresses > 0 && !attributes.DeviceOwner.StartsWith("network:", StringComparison.Ordinal);

    /// <summary>The groups a new port gets: <paramref name="requested"/> if the request named them, else as <see cref="TakesDefault"/>
    /// says; each checked and its lock shared until commit (<see cref="SecurityGroupLocks"/>).</summary>
    public static async Task<IReadOnlyList<string>> ForNewPortAsync(IDocumentSession session, IReadOnlyList<string>? requested,
        PortAttributes attributes, int addresses, Caller caller, DateTimeOffset now, CancellationToken ct)
    {
        var groups = requested is null
            ? TakesDefault(attributes, addresses) ? [(await DefaultSecurityGroup.EnsureAsync(session, caller, now, ct)).ToString()] : []
            : attributes.SecurityGroups;
        await EnsureUsableAsync(session, groups, caller, ct);
        return groups;
    }

    /// <summary>Each group must be the caller's (its lock shared first, so that it cannot go before this commits); the default
    /// group made in this session counts as there.</summary>
    public static async Task EnsureUsableAsync(IDocumentSession session, IReadOnlyList<string> groups, Caller caller, CancellationToken ct)
    {
        if (groups.Count == 0) return;
        var ids = groups.Select(Guid.Parse).ToList();
        await SecurityGroupLocks.ShareAsync(session, ids, ct);
        var found = (await session.LoadManyAsync<SecurityGroup>(ct, ids)).Where(g => g.TenantId == caller.TenantId).Select(g => g.Id).ToHashSet();
        var pending = session.PendingChanges.Streams().Select(s => s.Id).ToHashSet();
        var missing = ids.Where(id => !found.Contains(id) && !pending.Contains(id)).ToList();
        if (missing.Count > 0) throw SecurityGroupErrors.NotFound(string.Join(", ", missing));
    }
}
