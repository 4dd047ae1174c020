using System.Text.Json;
using System.Text.Json.Serialization;
using CloudNet.Identity;
using CloudNet.Quotas;
using Marten;
using Wolverine.Http;

namespace CloudNet.Networks.SecurityGroups.Creating;

public sealed record CreateSecurityGroup([property: JsonPropertyName("security_group")] JsonElement? SecurityGroup);

/// <summary>
/// <c>POST /v2.0/security-groups</c>: 201 and the group, with Neutron's default rules (egress to anywhere, IPv4 and IPv6). The
/// project's <c>default</c> group is made first if it has none; no other group may be called <c>default</c> (409). The group
/// and rule quotas are decided in the commit's batch.
/// </summary>
public static class CreateSecurityGroupEndpoint
{
    static readonly string[] Accepted = ["name", "description", "stateful", "tenant_id", "project_id"];

    [WolverinePost("/v2.0/security-groups", OperationId = "CreateSecurityGroup")]
    [Tags("Networks: security groups")]
    public static async Task<IResult> Post(CreateSecurityGroup? command, Caller caller, IDocumentSession session, QuotaLimits limits,
        DateTimeOffset now, CancellationToken ct)
    {
        var body = NeutronBody.Of("security_group", command?.SecurityGroup, Accepted);
        NeutronOwnership.EnsureCallersOwn(body, caller);
        var created = SecurityGroupPolicy.Create(caller.NewId(), body.Name(), body.Description(), body.Bool("stateful"), caller, now);
        await SecurityGroupCreation.CreateAsync(session, limits, created, caller, now, NeutronQuotaErrors.OverQuota, ct);
        return Results.Json(new { security_group = SecurityGroupJson.From(SecurityGroup.Create(created)) }, statusCode: 201);
    }
}
