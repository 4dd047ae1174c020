using System.Text.Json;
using System.Text.Json.Serialization;
using CloudNet.Compute.Servers;
using CloudNet.Identity;
using CloudNet.Networks.SecurityGroups;
using CloudNet.Quotas;
using Marten;
using Wolverine.Http;

namespace CloudNet.Compute.SecurityGroups;

public sealed record NovaSecurityGroupRequest([property: JsonPropertyName("security_group")] JsonElement? SecurityGroup);

/// <summary>
/// nova's <c>/os-security-groups</c> (and a server's <c>/servers/{id}/os-security-groups</c>), over the same groups as Neutron's
/// <c>/v2.0/security-groups</c>: what nova's Neutron driver does, answered as nova answers. Create and update take a
/// <c>name</c> and a <c>description</c>; a delete is 202.
/// </summary>
public static class NovaSecurityGroupEndpoints
{
    [WolverineGet("/os-security-groups", OperationId = "ListNovaSecurityGroups")]
    [Tags("Compute: security groups")]
    public static async Task<IResult> List(Caller caller, IQuerySession session, CancellationToken ct)
    {
        var groups = await NovaSecurityGroups.ByIdAsync(session, caller, ct);
        return Results.Json(new { security_groups = groups.Values.OrderBy(g => g.CreatedAt).ThenBy(g => g.Id).Select(g => NovaSecurityGroupJson.Group(g, groups)) });
    }

    [WolverineGet("/os-security-groups/{securityGroupId}", OperationId = "ShowNovaSecurityGroup")]
    [Tags("Compute: security groups")]
    public static async Task<IResult> Show(string securityGroupId, Caller caller, IQuerySession session, CancellationToken ct)
    {
        var group = await NovaSecurityGroups.AsNova(securityGroupId, () => SecurityGroupLookup.VisibleAsync(session, securityGroupId, caller, ct));
        return Results.Json(new { security_group = NovaSecurityGroupJson.Group(group, await NovaSecurityGroups.ByIdAsync(session, caller, ct)) });
    }

    [WolverinePost("/os-security-groups", OperationId = "CreateNovaSecurityGroup")]
    [Tags("Compute: security groups")]
    public static async Task<IResult> Create(NovaSecurityGroupRequest? command, Caller caller, IDocumentSession session, QuotaLimits limits,
        DateTimeOffset now, CancellationToken ct)
    {
        var body = NovaSecurityGroups.Body(command?.SecurityGroup, "security_group");
        var name = NovaSecurityGroups.Text(body, "name") ?? throw Errors.Rejection.BadRequest("name is not a string or unicode");
        var description = NovaSecurityGroups.Text(body, "description") ?? throw Errors.Rejection.BadRequest("description is not a string or unicode");
        var created = await NovaSecurityGroups.AsNova(name, async () =>
        {
            var made = SecurityGroupPolicy.Create(caller.NewId(), name, description, null, caller, now);
            await SecurityGroupCreation.CreateAsync(session, limits, made, caller, now, NovaSecurityGroups.OverQuota, ct);
            return made;
        });
        var group = SecurityGroup.Create(created);
        return Results.Json(new { security_group = NovaSecurityGroupJson.Group(group, new Dictionary<Guid, SecurityGroup> { [group.Id] = group }) });
    }

    [WolverinePut("/os-security-groups/{securityGroupId}", OperationId = "UpdateNovaSecurityGroup")]
    [Tags("Compute: security groups")]
    public static async Task<IResult> Update(string securityGroupId, NovaSecurityGroupRequest? command, Caller caller, IDocumentSession session,
        DateTimeOffset now, CancellationToken ct)
    {
        var body = NovaSecurityGroups.Body(command?.SecurityGroup, "security_group");
        var (name, description) = (NovaSecurityGroups.Text(body, "name"), NovaSecurityGroups.Text(body, "description"));
        var group = await NovaSecurityGroups.AsNova(securityGroupId,
            () => SecurityGroupUpdate.UpdateAsync(session, securityGroupId, name, description, null, caller, now, ct));
        return Results.Json(new { security_group = NovaSecurityGroupJson.Group(group, await NovaSecurityGroups.ByIdAsync(session, caller, ct)) });
    }

    [WolverineDelete("/os-security-groups/{securityGroupId}", OperationId = "DeleteNovaSecurityGroup")]
    [Tags("Compute: security groups")]
    public static async Task<IResult> Delete(string securityGroupId, Caller caller, IDocumentSession session, DateTimeOffset now, CancellationToken ct)
    {
        await NovaSecurityGroups.AsNova(securityGroupId, async () =>
        {
            await SecurityGroupDeletion.DeleteAsync(session, securityGroupId, caller, now, ct);
            return true;
        });
        return Results.StatusCode(202);
    }

    /// <summary><c>GET /servers/{id}/os-security-groups</c>: the groups the server was made with (the project's default for a
    /// server made before security groups existed), those still there.</summary>
    [WolverineGet("/servers/{serverId}/os-security-groups", OperationId = "ListServerSecurityGroups")]
    [Tags("Compute: security groups")]
    public static async Task<IResult> OfServer(string serverId, Caller caller, IQuerySession session, CancellationToken ct)
    {
        var server = await ServerLookup.VisibleAsync(session, serverId, caller, ct);
        var groups = await NovaSecurityGroups.ByIdAsync(session, caller, ct);
        var ids = server.SecurityGroups.Count > 0 ? server.SecurityGroups.Select(g => g.Id) : [SecurityGroup.DefaultIdOf(caller.TenantId)];
        return Results.Json(new
        {
            security_groups = ids.Where(groups.ContainsKey).Select(id => NovaSecurityGroupJson.Group(groups[id], groups)),
        });
    }
}
