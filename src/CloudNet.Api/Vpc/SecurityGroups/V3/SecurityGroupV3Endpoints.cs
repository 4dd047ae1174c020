using System.Text.Json;
using System.Text.Json.Serialization;
using CloudNet.Hosting;
using CloudNet.Identity;
using CloudNet.Networks;
using CloudNet.Networks.SecurityGroups;
using CloudNet.Networks.Tags;
using CloudNet.Quotas;
using CloudNet.Vpc.Tags;
using Marten;
using Wolverine.Http;

namespace CloudNet.Vpc.SecurityGroups.V3;

public sealed record SecurityGroupV3Body(
    [property: JsonPropertyName("security_group")] JsonElement? SecurityGroup,
    [property: JsonPropertyName("dry_run")] bool? DryRun);

/// <summary>
/// Huawei's v3 security groups, <c>/v3/{project_id}/vpc/security-groups</c> (what Huawei's Terraform provider calls), over the
/// same groups as v1 and Neutron: create (201; <c>name</c>, <c>description</c>, <c>tags</c>; Huawei's first rules), list
/// (<c>id</c>, <c>name</c>, <c>description</c>, each repeatable; <c>limit</c>, <c>marker</c>, <c>page_info</c>), show (with its
/// rules), update (<c>name</c>, <c>description</c>), delete (204). <c>dry_run</c> checks and answers 202 <c>SYS.0202</c>. Every
/// answer carries <c>request_id</c>; errors are v3's.
/// </summary>
public static class SecurityGroupV3Endpoints
{
    [WolverinePost("/v3/{projectId}/vpc/security-groups", OperationId = "CreateSecurityGroupV3")]
    [Tags("VPC v3: security groups")]
    public static Task<IResult> Create(string projectId, SecurityGroupV3Body? command, HttpContext context, Caller caller, IDocumentSession session,
        QuotaLimits limits, DateTimeOffset now, CancellationToken ct) =>
        HuaweiSecurityGroupErrors.InV3Terms(async () =>
        {
            var body = NeutronBody.Of("security_group", command?.SecurityGroup, ["name", "description", "enterprise_project_id", "tags"]);
            HuaweiSecurityGroupRules.EnterpriseProject(body.Text("enterprise_project_id"));
            var tags = HuaweiSecurityGroupRules.Tags(body.Objects("tags"));
            var created = SecurityGroupPolicy.Create(caller.NewId(), HuaweiSecurityGroupRules.Name(body.Text("name")),
                HuaweiSecurityGroupRules.Description(body.Text("description")), null, caller, now, membersTrusted: true);
            if (command!.DryRun == true) return DryRun(context);
            await SecurityGroupCreation.CreateAsync(session, limits, created, caller, now, HuaweiSecurityGroupErrors.OverQuota, ct);
            var group = SecurityGroup.Create(created);
            if (tags.Count > 0)
            {
                var tagged = new SecurityGroupTagsReplaced(group.Id, tags.Select(ResourceTags.ToNeutron).ToList(), caller.UserName, now);
                session.Events.Append(group.Id, tagged);
                group = group.Apply(tagged);
            }
            return Results.Json(new { request_id = context.RequestId(), security_group = SecurityGroupV3Json.Info(group) }, statusCode: 201);
        });

    [WolverineGet("/v3/{projectId}/vpc/security-groups", OperationId = "ListSecurityGroupsV3")]
    [Tags("VPC v3: security groups")]
    public static Task<IResult> List(string projectId, HttpContext context, Caller caller, IQuerySession session, CancellationToken ct) =>
        HuaweiSecurityGroupErrors.InV3Terms(async () =>
        {
            var query = context.Request.Query;
            var (limit, marker) = HuaweiPaging.Page(query["limit"], query["marker"], HuaweiSecurityGroupErrors.Invalid);
            var groups = await HuaweiSecurityGroupLookup.GroupsAsync(session, caller, ct);
            var filtered = groups.Where(g => HuaweiSecurityGroupRules.Passes(query["id"], g.Id.ToString())
                && HuaweiSecurityGroupRules.Passes(query["name"], g.Name) && HuaweiSecurityGroupRules.Passes(query["description"], g.Description)).ToList();
            var (page, more) = HuaweiPaging.PageOf(filtered, g => g.Id, limit, marker);
            return Results.Json(new
            {
                request_id = context.RequestId(),
                security_groups = page.Select(SecurityGroupV3Json.From),
                page_info = HuaweiPaging.PageInfo(page, g => g.Id, more),
            });
        });

    [WolverineGet("/v3/{projectId}/vpc/security-groups/{securityGroupId}", OperationId = "ShowSecurityGroupV3")]
    [Tags("VPC v3: security groups")]
    public static Task<IResult> Show(string projectId, string securityGroupId, HttpContext context, Caller caller, IQuerySession session,
        CancellationToken ct) =>
        HuaweiSecurityGroupErrors.InV3Terms(async () => Results.Json(new
        {
            request_id = context.RequestId(),
            security_group = SecurityGroupV3Json.Info(await SecurityGroupLookup.VisibleAsync(session, securityGroupId, caller,
                ct)),
        }));

    [WolverinePut("/v3/{projectId}/vpc/security-groups/{securityGroupId}", OperationId = "UpdateSecurityGroupV3")]
    [Tags("VPC v3: security groups")]
    public static Task<IResult> Update(string projectId, string securityGroupId, SecurityGroupV3Body? command, HttpContext context, Caller caller,
        IDocumentSession session, DateTimeOffset now, CancellationToken ct) =>
        HuaweiSecurityGroupErrors.InV3Terms(async () =>
        {
            var body = NeutronBody.Of("security_group", command?.SecurityGroup, ["name", "description"]);
            var name = body.Has("name") ? HuaweiSecurityGroupRules.Name(body.Text("name")) : null;
            var description = HuaweiSecurityGroupRules.Description(body.Description());
            if (command!.DryRun == true)
            {
                await SecurityGroupLookup.VisibleAsync(session, securityGroupId, caller, ct);
                return DryRun(context);
            }
            var group = await SecurityGroupUpdate.UpdateAsync(session, securityGroupId, name, description, null, caller, now,
                ct);
            return Results.Json(new { request_id = context.RequestId(), security_group = SecurityGroupV3Json.From(group) });
        });

    [WolverineDelete("/v3/{projectId}/vpc/security-groups/{securityGroupId}", OperationId = "DeleteSecurityGroupV3")]
    [Tags("VPC v3: security groups")]
    public static Task<IResult> Delete(string projectId, string securityGroupId, Caller caller, IDocumentSession session, DateTimeOffset now,
        CancellationToken ct) =>
        HuaweiSecurityGroupErrors.InV3Terms(async () =>
        {
            await SecurityGroupDeletion.DeleteAsync(session, securityGroupId, caller, now, ct);
            return Results.NoContent();
        });

    /// <summary>v3's answer to a <c>dry_run</c> that passed its checks: 202, nothing changed.</summary>
    public static IResult DryRun(HttpContext context) =>
        Results.Json(new { request_id = context.RequestId(), error_msg = "Request validation has been passed with dry run...", error_code = "SYS.0202" },
            statusCode: 202);
}
