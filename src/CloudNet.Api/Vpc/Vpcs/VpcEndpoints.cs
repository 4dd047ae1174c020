using CloudNet.Identity;
using CloudNet.Vpc.PrivateIps;
using Marten;
using Wolverine.Http;

namespace CloudNet.Vpc.Vpcs;

public sealed record CreateVpc(CreateVpcBody? Vpc);

public sealed record CreateVpcBody(string? Name, string? Description, string? Cidr);

/// <summary><c>/v1/{project_id}/vpcs</c>: create (200), list (<c>id</c>, <c>limit</c>, <c>marker</c>), show, delete (204; 409 while it has subnets).</summary>
public static class VpcEndpoints
{
    [WolverinePost("/v1/{projectId}/vpcs", OperationId = "CreateVpc")]
    [Tags("VPC: VPCs and subnets")]
    public static IResult Create(string projectId, CreateVpc? command, HttpContext context, IDocumentSession session, DateTimeOffset now)
    {
        var body = command?.Vpc ?? throw PrivateIpErrors.BadRequest("vpc is required: {\"vpc\":{\"name\",\"cidr\"}}.");
        var created = VpcRules.Create(context.Caller().NewId(), body.Name ?? "", body.Description, body.Cidr, context.Caller(), now);
        session.Events.StartStream<Vpc>(created.VpcId, created);
        return Results.Json(new { vpc = VpcJson.From(Vpc.Create(created)) });
    }

    [WolverineGet("/v1/{projectId}/vpcs", OperationId = "ListVpcs")]
    [Tags("VPC: VPCs and subnets")]
    public static async Task<IResult> List(string projectId, HttpContext context, IQuerySession session)
    {
        var (limit, marker) = PrivateIpRules.Page(context.Request.Query["limit"], context.Request.Query["marker"]);
        var tenant = context.Caller().TenantId;
        var query = session.Query<Vpc>().Where(v => v.TenantId == tenant);
        // The SDK's ListVpcsRequest.withId filters by one id.
        if (!string.IsNullOrEmpty(context.Request.Query["id"]))
        {
            if (!Guid.TryParse(context.Request.Query["id"], out var only)) return Results.Json(new { vpcs = Array.Empty<object>() });
            query = query.Where(v => v.Id == only);
        }
        if (marker is { } after) query = query.Where(v => v.Id.CompareTo(after) > 0);
        var page = await query.OrderBy(v => v.Id).Take(limit).ToListAsync(context.RequestAborted);
        return Results.Json(new { vpcs = page.Select(VpcJson.From) });
    }

    [WolverineGet("/v1/{projectId}/vpcs/{vpcId}", OperationId = "ShowVpc")]
    [Tags("VPC: VPCs and subnets")]
    public static async Task<IResult> Show(string projectId, string vpcId, HttpContext context, IQuerySession session)
    {
        var vpc = Guid.TryParse(vpcId, out var id) ? await session.LoadAsync<Vpc>(id, context.RequestAborted) : null;
        return Results.Json(new { vpc = VpcJson.From(VpcRules.Visible(vpc, vpcId, context.Caller())) });
    }

    [WolverineDelete("/v1/{projectId}/vpcs/{vpcId}", OperationId = "DeleteVpc")]
    [Tags("VPC: VPCs and subnets")]
    public static async Task<IResult> Delete(string projectId, string vpcId, HttpContext context, IDocumentSession session, DateTimeOffset now)
    {
        var caller = context.Caller();
        if (!Guid.TryParse(vpcId, out var id)) throw VpcRules.NotFound(vpcId);
        var stream = await session.Events.FetchForWriting<Vpc>(id, context.RequestAborted);
        stream.AppendOne(VpcRules.Delete(VpcRules.Visible(stream.Aggregate, vpcId, caller), caller, now));
        return Results.NoContent();
    }
}
