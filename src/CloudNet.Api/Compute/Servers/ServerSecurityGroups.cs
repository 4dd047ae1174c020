using CloudNet.Errors;
using CloudNet.Identity;
using CloudNet.Networks.SecurityGroups;
using Marten;

namespace CloudNet.Compute.Servers;

/// <summary>
/// nova's <c>security_groups</c> over Neutron's groups: a server create names groups by name or id (none: the project's
/// <c>default</c>), and its ports on networks with port security are given them, as nova asks Neutron to.
/// </summary>
public static class ServerSecurityGroups
{
    /// <summary>The groups <paramref name="requested"/> names, each the project's (400 when there is none, as nova answers; 409
    /// when a name is ambiguous), their locks shared until commit.</summary>
    public static async Task<IReadOnlyList<ServerSecurityGroup>> ResolveAsync(IDocumentSession session, IReadOnlyList<string> requested,
        Caller caller, DateTimeOffset now, CancellationToken ct)
    {
        var defaultId = await DefaultSecurityGroup.EnsureAsync(session, caller, now, ct);
        var chosen = new List<ServerSecurityGroup>();
        if (requested.Count == 0) chosen.Add(new ServerSecurityGroup(defaultId, SecurityGroup.DefaultName));
        else
        {
            var tenant = caller.TenantId;
            var groups = (await session.Query<SecurityGroup>().Where(g => g.TenantId == tenant).ToListAsync(ct))
                .Select(g => new ServerSecurityGroup(g.Id, g.Name)).ToList();
            // Made in this session: not stored yet.
            if (groups.All(g => g.Id != defaultId)) groups.Add(new ServerSecurityGroup(defaultId, SecurityGroup.DefaultName));
            foreach (var wanted in requested.Distinct())
            {
                var matches = groups.Where(g => g.Id.ToString() == wanted).ToList() is { Count: 1 } byId ? byId : groups.Where(g => g.Name == wanted).ToList();
                chosen.Add(matches.Count switch
                {
                    0 => throw Rejection.BadRequest($"Security group {wanted} not found."),
                    1 => matches[0],
                    _ => throw Rejection.Conflict($"Multiple security groups found matching '{wanted}'. Use an ID to be more specific."),
                });
            }
        }
        var distinct = chosen.DistinctBy(g => g.Id).ToList();
        await PortSecurityGroups.EnsureUsableAsync(session, distinct.Select(g => g.Id.ToString()).ToList(), caller, ct);
        return distinct;
    }

    /// <summary>The groups a new interface of <paramref name="server"/> gets: the server's that are still there, else the
    /// project's default.</summary>
    public static async Task<IReadOnlyList<Guid>> ForInterfaceAsync(IDocumentSession session, Server server, Caller caller, DateTimeOffset now,
        CancellationToken ct)
    {
        var ids = server.SecurityGroups.Select(g => g.Id).ToArray();
        var still = ids.Length == 0 ? [] : (await session.LoadManyAsync<SecurityGroup>(ct, ids)).Select(g => g.Id).ToList();
        var groups = still.Count > 0 ? still : [await DefaultSecurityGroup.EnsureAsync(session, caller, now, ct)];
        await PortSecurityGroups.EnsureUsableAsync(session, groups.Select(g => g.ToString()).ToList(), caller, ct);
        return groups;
    }
}
