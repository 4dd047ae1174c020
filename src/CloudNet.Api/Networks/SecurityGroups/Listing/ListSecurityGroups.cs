using CloudNet.Identity;
using Marten;
using Wolverine.Http;

namespace CloudNet.Networks.SecurityGroups.Listing;

/// <summary><c>GET /v2.0/security-groups</c>: the caller's groups with their rules, as Neutron lists them (filters on any
/// attribute, tags, sorting, paging, fields).</summary>
public static class ListSecurityGroupsEndpoint
{
    [WolverineGet("/v2.0/security-groups", OperationId = "ListSecurityGroups")]
    [Tags("Networks: security groups")]
    public static async Task<IResult> Get(HttpContext context, Caller caller, IQuerySession session, CancellationToken ct)
    {
        var tenant = caller.TenantId;
        var groups = await session.Query<SecurityGroup>().Where(g => g.TenantId == tenant).ToListAsync(ct);
        return NeutronCollection.Respond(context, "security_groups", "security-groups", groups.Select(SecurityGroupJson.From), "Security group",
            "SecurityGroupNotFound");
    }
}
