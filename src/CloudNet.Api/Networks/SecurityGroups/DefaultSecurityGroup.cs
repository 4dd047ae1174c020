using CloudNet.Identity;
using Marten;

namespace CloudNet.Networks.SecurityGroups;

/// <summary>
/// The project's <c>default</c> group, made on the project's first use of networking as Neutron makes it: its first network,
/// port, server, security group or rule create (Neutron also makes it on a list; here a GET changes nothing). Made in the
/// request's own transaction, so a refused request leaves no group behind; two first uses at once queue on a lock and the
/// second finds the group the first committed.
/// </summary>
public static class DefaultSecurityGroup
{
    /// <summary>The id of the caller's default group, made in this session if the project has none (or had one a reset ended).</summary>
    public static async Task<Guid> EnsureAsync(IDocumentSession session, Caller caller, DateTimeOffset now, CancellationToken ct)
    {
        var id = SecurityGroup.DefaultIdOf(caller.TenantId);
        if (session.PendingChanges.Streams().Any(s => s.Id == id) || await session.LoadAsync<SecurityGroup>(id, ct) is not null) return id;
        await TransactionLocks.ExclusiveAsync(session, $"default-security-group:{caller.TenantId}", ct);
        var stream = await session.Events.FetchForWriting<SecurityGroup>(id, ct);
        if (stream.Aggregate is null) stream.AppendOne(SecurityGroupPolicy.CreateDefault(caller.TenantId, caller, now));
        return id;
    }
}
