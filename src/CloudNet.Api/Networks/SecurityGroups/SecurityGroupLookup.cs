using CloudNet.Identity;
using JasperFx.Events;
using Marten;

namespace CloudNet.Networks.SecurityGroups;

public static class SecurityGroupLookup
{
    /// <summary>The caller's group; another tenant's answers exactly as a missing one. Route ids arrive as text, so that a
    /// malformed one is Neutron's 404 too.</summary>
    public static async Task<SecurityGroup> VisibleAsync(IQuerySession session, string groupId, Caller caller, CancellationToken ct)
    {
        var group = Guid.TryParse(groupId, out var id) ? await session.LoadAsync<SecurityGroup>(id, ct) : null;
        return group is not null && group.TenantId == caller.TenantId ? group : throw SecurityGroupErrors.NotFound(groupId);
    }

    /// <summary>The caller's group fetched for writing: appending to it fails the commit if another request changed it meanwhile
    /// (its rules included).</summary>
    public static async Task<(SecurityGroup Group, IEventStream<SecurityGroup> Stream)> ForWritingAsync(IDocumentSession session, string groupId,
        Caller caller, CancellationToken ct)
    {
        if (!Guid.TryParse(groupId, out var id)) throw SecurityGroupErrors.NotFound(groupId);
        var stream = await session.Events.FetchForWriting<SecurityGroup>(id, ct);
        return stream.Aggregate is { } group && group.TenantId == caller.TenantId ? (group, stream) : throw SecurityGroupErrors.NotFound(groupId);
    }

    /// <summary>The caller's group holding the rule, and the rule.</summary>
    public static async Task<(SecurityGroup Group, SecurityGroupRule Rule)> RuleAsync(IQuerySession session, string ruleId, Caller caller,
        CancellationToken ct)
    {
        if (!Guid.TryParse(ruleId, out var id)) throw SecurityGroupErrors.RuleNotFound(ruleId);
        var tenant = caller.TenantId;
        var group = await session.Query<SecurityGroup>().Where(g => g.TenantId == tenant && g.Rules.Any(r => r.Id == id)).FirstOrDefaultAsync(ct);
        return group is null ? throw SecurityGroupErrors.RuleNotFound(ruleId) : (group, group.Rules.Single(r => r.Id == id));
    }

    /// <summary>Whether a port of the project names the group (the caller holds the group's exclusive lock, see
    /// <see cref="SecurityGroupLocks"/>, so none is being given it meanwhile).</summary>
    public static Task<bool> UsedByPortsAsync(IQuerySession session, Guid groupId, CancellationToken ct)
    {
        var id = groupId.ToString();
        return session.Query<Ports.Port>().AnyAsync(p => p.Attributes.SecurityGroups.Contains(id), ct);
    }
}
