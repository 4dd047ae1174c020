using CloudNet.Identity;
using Marten;
using Wolverine.Http;

namespace CloudNet.Networks.SecurityGroups.Showing;

/// <summary><c>GET /v2.0/security-groups/{id}</c>: 200 with its rules, or 404 <c>SecurityGroupNotFound</c> (another tenant's too).</summary>
public static class ShowSecurityGroupEndpoint
{
    [WolverineGet("/v2.0/security-groups/{securityGroupId}", OperationId = "ShowSecurityGroup")]
    [Tags("Networks: security groups")]
    public static async Task<IResult> Get(string securityGroupId, HttpContext context, Caller caller, IQuerySession session, CancellationToken ct) =>
        NeutronCollection.Show(context, "security_group",
            SecurityGroupJson.From(await SecurityGroupLookup.VisibleAsync(session, securityGroupId, caller, ct)));
}
