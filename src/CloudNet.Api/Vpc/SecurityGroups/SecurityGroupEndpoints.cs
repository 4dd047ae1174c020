using System.Text.Json;
using System.Text.Json.Serialization;
using CloudNet.Identity;
using CloudNet.Networks.SecurityGroups;
using CloudNet.Quotas;
using CloudNet.Vpc.Vpcs;
using Marten;
using Wolverine.Http;

namespace CloudNet.Vpc.SecurityGroups;

public sealed record HuaweiSecurityGroupBody([property: JsonPropertyName("security_group")] JsonElement? SecurityGroup);

/// <summary>
/// Huawei's v1 security groups, <c>/v1/{project_id}/security-groups</c>, over Neutron's groups (one stream each; the same groups
/// <c>/v2.0/security-groups</c>, nova and v3 see): create (200; <c>name</c>, the <c>vpc_id</c> hint, one of the project's VPCs; Huawei's first rules, egress
/// anywhere and ingress from the group's own members; the group and rule quotas decided in the commit's batch), list
/// (<c>vpc_id</c>, <c>limit</c>, <c>marker</c>, in id order), show, delete (204; 409 <c>VPC.0602</c> while a port uses it, and
/// for the project's default group).
/// </summary>
public static class SecurityGroupEndpoints
{
    [WolverinePost("/v1/{projectId}/security-groups", OperationId = "CreateHuaweiSecurityGroup")]
    [Tags("VPC: security groups")]
    public static Task<IResult> Create(string projectId, HuaweiSecurityGroupBody? command, Caller caller, IDocumentSession session,
        QuotaLimits limits, DateTimeOffset now, CancellationToken ct) =>
        HuaweiSecurityGroupErrors.InV1Terms(async () =>
        {
            var (name, vpcId) = HuaweiSecurityGroupRules.V1Create(command?.SecurityGroup);
            // A hint, yet one that names the project's own VPC (another's answers as a missing one, VPC.0003).
            if (vpcId is { } vpc) VpcRules.Visible(await session.LoadAsync<Vpcs.Vpc>(vpc, ct), vpc.ToString(), caller);
            var created = SecurityGroupPolicy.Create(caller.NewId(), name, null, null, caller, now, membersTrusted: true) with { VpcId = vpcId };
            await SecurityGroupCreation.CreateAsync(session, limits, created, caller, now, HuaweiSecurityGroupErrors.OverQuota,
                ct);
            return Results.Json(new { security_group = HuaweiSecurityGroupJson.From(SecurityGroup.Create(created)) });
        });

    [WolverineGet("/v1/{projectId}/security-groups", OperationId = "ListHuaweiSecurityGroups")]
    [Tags("VPC: security groups")]
    public static Task<IResult> List(string projectId, HttpContext context, Caller caller, IQuerySession session, CancellationToken ct) =>
        HuaweiSecurityGroupErrors.InV1Terms(async () =>
        {
            var query = context.Request.Query;
            var (limit, marker) = HuaweiPaging.Page(query["limit"], query["marker"], HuaweiSecurityGroupErrors.Invalid);
            var vpc = HuaweiSecurityGroupRules.VpcFilter(query["vpc_id"]);
            HuaweiSecurityGroupRules.EnterpriseProject(string.IsNullOrEmpty(query["enterprise_project_id"]) ? null : query["enterprise_project_id"].ToString(),
                listing: true);
            var groups = await HuaweiSecurityGroupLookup.GroupsAsync(session, caller, ct);
            var (page, _) = HuaweiPaging.PageOf(groups.Where(g => vpc is null || g.VpcId == vpc).ToList(), g => g.Id, limit, marker);
            return Results.Json(new { security_groups = page.Select(HuaweiSecurityGroupJson.From) });
        });

    [WolverineGet("/v1/{projectId}/security-groups/{securityGroupId}", OperationId = "ShowHuaweiSecurityGroup")]
    [Tags("VPC: security groups")]
    public static Task<IResult> Show(string projectId, string securityGroupId, Caller caller, IQuerySession session, CancellationToken ct) =>
        HuaweiSecurityGroupErrors.InV1Terms(async () => Results.Json(new
        {
            security_group = HuaweiSecurityGroupJson.From(
                await SecurityGroupLookup.VisibleAsync(session, securityGroupId, caller, ct)),
        }));

    [WolverineDelete("/v1/{projectId}/security-groups/{securityGroupId}", OperationId = "DeleteHuaweiSecurityGroup")]
    [Tags("VPC: security groups")]
    public static Task<IResult> Delete(string projectId, string securityGroupId, Caller caller, IDocumentSession session, DateTimeOffset now,
        CancellationToken ct) =>
        HuaweiSecurityGroupErrors.InV1Terms(async () =>
        {
            await SecurityGroupDeletion.DeleteAsync(session, securityGroupId, caller, now, ct);
            return Results.NoContent();
        });
}
