using CloudNet.Identity;
using CloudNet.Quotas;
using CloudNet.Vpc.PrivateIps;
using Marten;
using Wolverine.Http;

namespace CloudNet.Vpc.Vpcs;

public sealed record CreateVpc(CreateVpcBody? Vpc);

public sealed record CreateVpcBody(string? Name, string? Description, string? Cidr);

public sealed record UpdateVpc(UpdateVpcBody? Vpc);

/// <summary>v1's writable fields; <c>routes</c> are read only to refuse ones this service does not route.</summary>
public sealed record UpdateVpcBody(string? Name, string? Description, string? Cidr, List<System.Text.Json.JsonElement>? Routes);

/// <summary><c>/v1/{project_id}/vpcs</c>: create (200; the VPC quota decided in the commit's batch), list (<c>id</c>, <c>limit</c>,
/// <c>marker</c>), show, update (name, description, CIDR), delete (204; 409 while it has subnets).</summary>
public static class VpcEndpoints
{
    [WolverinePost("/v1/{projectId}/vpcs", OperationId = "CreateVpc")]
    [Tags("VPC: VPCs and subnets")]
    public static IResult Create(string projectId, CreateVpc? command, Caller caller, IDocumentSession session, QuotaLimits limits, DateTimeOffset now)
    {
        var body = command?.Vpc ?? throw PrivateIpErrors.BadRequest("vpc is required: {\"vpc\":{\"name\",\"cidr\"}}.");
        var created = VpcRules.Create(caller.NewId(), body.Name ?? "", body.Description, body.Cidr, caller, now);
        TakeQuota.Queue(session, limits, caller.TenantId, QuotaResources.Vpc, [created.VpcId], VpcRules.OverQuota);
        session.Events.StartStream<Vpc>(created.VpcId, created);
        return Results.Json(new { vpc = VpcJson.From(Vpc.Create(created)) });
    }

    [WolverineGet("/v1/{projectId}/vpcs", OperationId = "ListVpcs")]
    [Tags("VPC: VPCs and subnets")]
    public static async Task<IResult> List(string projectId, HttpContext context, Caller caller, IQuerySession session, CancellationToken ct)
    {
        var (limit, marker) = PrivateIpRules.Page(context.Request.Query["limit"], context.Request.Query["marker"]);
        var tenant = caller.TenantId;
        var query = session.Query<Vpc>().Where(v => v.TenantId == tenant);
        // The SDK's ListVpcsRequest.withId filters by one id.
        if (!string.IsNullOrEmpty(context.Request.Query["id"]))
        {
            if (!Guid.TryParse(context.Request.Query["id"], out var only)) return Results.Json(new { vpcs = Array.Empty<object>() });
            query = query.Where(v => v.Id == only);
        }
        if (marker is { } after) query = query.Where(v => v.Id.CompareTo(after) > 0);
        var page = await query.OrderBy(v => v.Id).Take(limit).ToListAsync(ct);
        return Results.Json(new { vpcs = page.Select(VpcJson.From) });
    }

    [WolverineGet("/v1/{projectId}/vpcs/{vpcId}", OperationId = "ShowVpc")]
    [Tags("VPC: VPCs and subnets")]
    public static async Task<IResult> Show(string projectId, string vpcId, Caller caller, IQuerySession session, CancellationToken ct)
    {
        var vpc = Guid.TryParse(vpcId, out var id) ? await session.LoadAsync<Vpc>(id, ct) : null;
        return Results.Json(new { vpc = VpcJson.From(VpcRules.Visible(vpc, vpcId, caller)) });
    }

    [WolverinePut("/v1/{projectId}/vpcs/{vpcId}", OperationId = "UpdateVpc")]
    [Tags("VPC: VPCs and subnets")]
    public static async Task<IResult> Update(string projectId, string vpcId, UpdateVpc? command, Caller caller, IDocumentSession session,
        DateTimeOffset now, CancellationToken ct)
    {
        var body = command?.Vpc ?? throw Errors.Rejection.BadRequest("Update router is invalid: {\"vpc\":{…}} is required.", "VPC.0101");
        if (body.Routes is { Count: > 0 })
            throw Errors.Rejection.BadRequest("Update router is invalid: routes are not supported by this service; send none.", "VPC.0101");
        var (vpc, stream) = await VpcLookup.ForWritingAsync(session, vpcId, caller, ct);
        if (VpcRules.Update(vpc, body.Name, body.Description, body.Cidr, caller, now) is { } updated)
        {
            stream.AppendOne(updated);
            vpc = vpc.Apply(updated);
        }
        return Results.Json(new { vpc = VpcJson.From(vpc) });
    }

    [WolverineDelete("/v1/{projectId}/vpcs/{vpcId}", OperationId = "DeleteVpc")]
    [Tags("VPC: VPCs and subnets")]
    public static async Task<IResult> Delete(string projectId, string vpcId, Caller caller, IDocumentSession session, DateTimeOffset now,
        CancellationToken ct)
    {
        var (vpc, stream) = await VpcLookup.ForWritingAsync(session, vpcId, caller, ct);
        stream.AppendOne(VpcRules.Delete(vpc, caller, now));
        return Results.NoContent();
    }
}
