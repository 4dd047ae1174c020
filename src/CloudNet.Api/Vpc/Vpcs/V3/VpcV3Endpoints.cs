using CloudNet.Errors;
using CloudNet.Hosting;
using CloudNet.Identity;
using Marten;
using Wolverine.Http;

namespace CloudNet.Vpc.Vpcs.V3;

public sealed record UpdateVpcV3(UpdateVpcV3Body? Vpc, [property: System.Text.Json.Serialization.JsonPropertyName("dry_run")] bool? DryRun);

public sealed record UpdateVpcV3Body(string? Name, string? Description);

/// <summary>
/// Huawei's v3 VPC API over the same VPCs as v1 (what Huawei's Terraform provider reads after creating through v1):
/// <c>GET /v3/{project_id}/vpc/vpcs</c> (filters <c>id</c>, <c>name</c>, <c>description</c>, <c>cidr</c>, each repeatable;
/// <c>limit</c>, <c>marker</c>, and <c>page_info</c>), <c>GET</c>, <c>PUT</c> (name, description) and <c>DELETE</c> on
/// <c>…/vpcs/{vpc_id}</c>. Every answer carries <c>request_id</c>, as v3's do, and errors are v3's (<c>error_code</c>,
/// <c>error_msg</c>, <c>request_id</c>; <c>VPC.9904</c> for a VPC that is not there).
/// </summary>
public static class VpcV3Endpoints
{
    public static Rejection NotFound(string vpcId) => Rejection.NotFound($"Vpc {vpcId} could not be found.", "VPC.9904");

    [WolverineGet("/v3/{projectId}/vpc/vpcs", OperationId = "ListVpcsV3")]
    [Tags("VPC v3: VPCs")]
    public static async Task<IResult> List(string projectId, HttpContext context, Caller caller, IQuerySession session, CancellationToken ct)
    {
        var query = context.Request.Query;
        var (limit, marker) = VpcV3Rules.Page(query["limit"], query["marker"]);
        var tenant = caller.TenantId;
        var vpcs = await session.Query<Vpc>().Where(v => v.TenantId == tenant).OrderBy(v => v.Id).ToListAsync(ct);
        var filtered = VpcV3Rules.Filter(vpcs, query["id"], query["name"], query["description"], query["cidr"]);
        var (page, more) = VpcV3Rules.PageOf(filtered, limit, marker);
        return Results.Json(new { request_id = context.RequestId(), vpcs = page.Select(VpcV3Json.From),
            page_info = HuaweiPaging.PageInfo(page, v => v.Id, more) });
    }

    [WolverineGet("/v3/{projectId}/vpc/vpcs/{vpcId}", OperationId = "ShowVpcV3")]
    [Tags("VPC v3: VPCs")]
    public static async Task<IResult> Show(string projectId, string vpcId, HttpContext context, Caller caller, IQuerySession session,
        CancellationToken ct)
    {
        var vpc = Guid.TryParse(vpcId, out var id) ? await session.LoadAsync<Vpc>(id, ct) : null;
        if (vpc is null || vpc.TenantId != caller.TenantId) throw NotFound(vpcId);
        return Results.Json(new { request_id = context.RequestId(), vpc = VpcV3Json.From(vpc) });
    }

    /// <summary>v3's <c>dry_run</c> checks the request and answers the v3 reference's 202 <c>DryRunOperation</c> without changing anything.</summary>
    [WolverinePut("/v3/{projectId}/vpc/vpcs/{vpcId}", OperationId = "UpdateVpcV3")]
    [Tags("VPC v3: VPCs")]
    public static async Task<IResult> Update(string projectId, string vpcId, UpdateVpcV3? command, HttpContext context, Caller caller,
        IDocumentSession session, DateTimeOffset now, CancellationToken ct)
    {
        var body = command?.Vpc ?? throw VpcV3Rules.Invalid("vpc is required: {\"vpc\":{\"name\",\"description\"}}.");
        var (vpc, stream) = await VpcLookup.ForWritingAsync(session, vpcId, caller, ct, NotFound);
        var updated = VpcV3Rules.InV3Terms(() => VpcRules.Update(vpc, body.Name, body.Description, null, caller, now));
        if (command.DryRun == true)
            return Results.Json(new { request_id = context.RequestId(), error_msg = "Request validation has been passed with dry run...",
                error_code = "SYS.0202" }, statusCode: 202);
        if (updated is not null)
        {
            stream.AppendOne(updated);
            vpc = vpc.Apply(updated);
        }
        return Results.Json(new { request_id = context.RequestId(), vpc = VpcV3Json.From(vpc) });
    }

    [WolverineDelete("/v3/{projectId}/vpc/vpcs/{vpcId}", OperationId = "DeleteVpcV3")]
    [Tags("VPC v3: VPCs")]
    public static async Task<IResult> Delete(string projectId, string vpcId, Caller caller, IDocumentSession session, DateTimeOffset now,
        CancellationToken ct)
    {
        var (vpc, stream) = await VpcLookup.ForWritingAsync(session, vpcId, caller, ct, NotFound);
        stream.AppendOne(VpcV3Rules.InV3Terms(() => VpcRules.Delete(vpc, caller, now)));
        return Results.NoContent();
    }
}
