using System.Text.Json;
using System.Text.Json.Serialization;
using CloudNet.Identity;
using Marten;
using Wolverine.Http;

namespace CloudNet.Networks.SecurityGroups.Updating;

public sealed record UpdateSecurityGroup([property: JsonPropertyName("security_group")] JsonElement? SecurityGroup);

/// <summary>
/// <c>PUT /v2.0/security-groups/{id}</c>: 200 and the group, its name, description and statefulness changed as one event. The
/// default group keeps its name (409), no other may take it (409), and statefulness changes only while no port uses the group.
/// </summary>
public static class UpdateSecurityGroupEndpoint
{
    static readonly string[] ReadOnly = ["id", "tenant_id", "project_id", "security_group_rules", "shared"];

    [WolverinePut("/v2.0/security-groups/{securityGroupId}", OperationId = "UpdateSecurityGroup")]
    [Tags("Networks: security groups")]
    public static async Task<IResult> Put(string securityGroupId, UpdateSecurityGroup? command, Caller caller, IDocumentSession session,
        DateTimeOffset now, CancellationToken ct)
    {
        var body = NeutronBody.Of("security_group", command?.SecurityGroup, ["name", "description", "stateful", .. ReadOnly]);
        if (body.Names.FirstOrDefault(ReadOnly.Contains) is { } readOnly)
            throw NeutronBody.Bad("security_group", $"Cannot update read-only attribute {readOnly}");
        var after = await UpdateAsync(session, securityGroupId, body.Name(), body.Description(), body.Bool("stateful"), caller, now, ct);
        return Results.Json(new { security_group = SecurityGroupJson.From(after) });
    }

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
