using CloudNet.Identity;
using CloudNet.Networks.SecurityGroups;
using Marten;

namespace CloudNet.Vpc.SecurityGroups;

/// <summary>What Huawei's lists start from: the caller's groups, and their rules, in id order (the order Huawei pages in).</summary>
public static class HuaweiSecurityGroupLookup
{
    public static async Task<IReadOnlyList<SecurityGroup>> GroupsAsync(IQuerySession session, Caller caller, CancellationToken ct)
    {
        var tenant = caller.TenantId;
        return await session.Query<SecurityGroup>().Where(g => g.TenantId == tenant).OrderBy(g => g.Id).ToListAsync(ct);
    }

    /// <summary>Every rule of the caller's groups with its group (rule ids are time ordered).</summary>
    public static async Task<IReadOnlyList<(SecurityGroup Group, SecurityGroupRule Rule)>> RulesAsync(IQuerySession session, Caller caller,
        CancellationToken ct) =>
        (await GroupsAsync(session, caller, ct)).SelectMany(g => g.Rules.Select(r => (g, r))).OrderBy(x => x.r.Id).ToList();
}
