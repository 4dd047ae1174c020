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
        var after = await SecurityGroupUpdate.UpdateAsync(session, securityGroupId, body.Name(), body.Description(), body.Bool("stateful"), caller, now, ct);
        return Results.Json(new { security_group = SecurityGroupJson.From(after) });
    }
}
