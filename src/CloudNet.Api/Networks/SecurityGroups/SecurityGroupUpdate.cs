using CloudNet.Identity;
using Marten;

namespace CloudNet.Networks.SecurityGroups;

/// <summary>Renaming or re-describing a security group (or changing its statefulness), whichever API asks (Neutron, nova, Huawei v3).</summary>
public static class SecurityGroupUpdate
{
    /// <summary>The update itself, which nova's <c>/os-security-groups</c> shares; the group as it is after it.</summary>
    public static async Task<SecurityGroup> UpdateAsync(IDocumentSession session, string securityGroupId, string? name, string? description,
        bool? stateful, Caller caller, DateTimeOffset now, CancellationToken ct)
    {
        var seen = await SecurityGroupLookup.VisibleAsync(session, securityGroupId, caller, ct);
        // Whether ports use it matters only to a change of statefulness; then no port may take the group until this commits.
        var changesStatefulness = stateful is { } wanted && wanted != seen.Stateful;
        if (changesStatefulness) await SecurityGroupLocks.ExclusiveAsync(session, seen.Id, ct);
        var (group, stream) = await SecurityGroupLookup.ForWritingAsync(session, securityGroupId, caller, ct);
        var inUse = changesStatefulness && await SecurityGroupLookup.UsedByPortsAsync(session, group.Id, ct);
        var updated = SecurityGroupPolicy.Update(group, name, description, stateful, inUse, caller, now);
        if (updated is null) return group;
        stream.AppendOne(updated);
        return group.Apply(updated);
    }
}
