using CloudNet.Identity;
using Marten;
using Wolverine.Http;

namespace CloudNet.Networks.SecurityGroups.Deleting;

/// <summary>
/// <c>DELETE /v2.0/security-groups/{id}</c>: 204, its rules with it, and (Neutron's cascade) the rules of the project's other
/// groups that name it as their <c>remote_group_id</c>. 409 <c>SecurityGroupInUse</c> while a port uses it, 409
/// <c>SecurityGroupCannotRemoveDefault</c> for the project's default group.
/// </summary>
public static class DeleteSecurityGroupEndpoint
{
    [WolverineDelete("/v2.0/security-groups/{securityGroupId}", OperationId = "DeleteSecurityGroup")]
    [Tags("Networks: security groups")]
    public static async Task<IResult> Delete(string securityGroupId, Caller caller, IDocumentSession session, DateTimeOffset now, CancellationToken ct)
    {
        await SecurityGroupDeletion.DeleteAsync(session, securityGroupId, caller, now, ct);
        return Results.NoContent();
    }
}
