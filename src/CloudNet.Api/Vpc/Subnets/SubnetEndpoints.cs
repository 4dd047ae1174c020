using System.Text.Json.Serialization;
using CloudNet.Errors;
using CloudNet.Identity;
using CloudNet.Networks;
using CloudNet.Vpc.PrivateIps;
using CloudNet.Vpc.Vpcs;
using Marten;
using Wolverine.Http;

namespace CloudNet.Vpc.Subnets;

public sealed record CreateVpcSubnet(CreateVpcSubnetBody? Subnet);

public sealed record CreateVpcSubnetBody(
    string? Name,
    string? Cidr,
    [property: JsonPropertyName("gateway_ip")] string? GatewayIp,
    [property: JsonPropertyName("vpc_id")] string? VpcId);

/// <summary>
/// Huawei's v1 subnets: each is a network (with one IPv4 subnet) of the VPC, the same network the Neutron and
/// Rackspace routes show. Create 200, list (<c>vpc_id</c>, <c>limit</c>, <c>marker</c>), show, and delete under
/// <c>/v1/{project_id}/vpcs/{vpc_id}/subnets/{subnet_id}</c> (204; 409 <c>VPC.0208</c> while addresses are held).
/// </summary>
public static class SubnetEndpoints
{
    static Rejection NotFound(string subnetId) => Rejection.NotFound($"Query subnet fail: subnet {subnetId} does not exist.", "VPC.0202");

    [WolverinePost("/v1/{projectId}/subnets", OperationId = "CreateVpcSubnet")]
    [Tags("VPC: VPCs and subnets")]
    public static async Task<IResult> Create(string projectId, CreateVpcSubnet? command, HttpContext context, IDocumentSession session, DateTimeOffset now)
    {
        var caller = context.Caller();
        var body = command?.Subnet ?? throw PrivateIpErrors.BadRequest("subnet is required: {\"subnet\":{\"name\",\"cidr\",\"gateway_ip\",\"vpc_id\"}}.");
        if (!Guid.TryParse(body.VpcId, out var vpcId)) throw VpcRules.NotFound(body.VpcId ?? "");
        var vpcStream = await session.Events.FetchForWriting<Vpcs.Vpc>(vpcId, context.RequestAborted);
        var vpc = VpcRules.Visible(vpcStream.Aggregate, body.VpcId!, caller);

        var networkId = caller.NewId();
        var added = VpcRules.AddSubnet(vpc, networkId, body.Name, body.Cidr, caller, now);
        var gateway = VpcRules.Gateway(added.Cidr, body.GatewayIp);
        var created = new NetworkCreated(networkId, caller.TenantId, body.Name!, caller.UserName, now, vpcId);
        var network = Network.Create(created);
        var subnet = SubnetRules.Create(network, caller.NewId(), added.Cidr, 4, new SubnetChanges(Name: body.Name, GatewayGiven: true, Gateway: gateway),
            caller, now);

        vpcStream.AppendOne(added);
        session.Events.StartStream<Network>(NetworkKeys.StreamId(networkId), created, subnet);
        return Results.Json(new { subnet = HuaweiSubnetJson.From(network.Apply(subnet)) });
    }

    /// <summary>The project's networks that have a subnet (made here or through the other families), oldest first.</summary>
    [WolverineGet("/v1/{projectId}/subnets", OperationId = "ListVpcSubnets")]
    [Tags("VPC: VPCs and subnets")]
    public static async Task<IResult> List(string projectId, HttpContext context, IQuerySession session)
    {
        var query = context.Request.Query;
        var (limit, marker) = PrivateIpRules.Page(query["limit"], query["marker"]);
        var tenant = context.Caller().TenantId;
        var networks = session.Query<Network>().Where(n => n.TenantId == tenant);
        if (!string.IsNullOrEmpty(query["vpc_id"]))
        {
            if (!Guid.TryParse(query["vpc_id"], out var vpcId)) return Results.Json(new { subnets = Array.Empty<object>() });
            networks = networks.Where(n => n.VpcId == vpcId);
        }
        if (marker is { } after) networks = networks.Where(n => n.NetworkId.CompareTo(after) > 0);
        var page = await networks.OrderBy(n => n.NetworkId).ToListAsync(context.RequestAborted);
        return Results.Json(new { subnets = page.Where(n => n.Subnets.Count > 0).Take(limit).Select(HuaweiSubnetJson.From) });
    }

    [WolverineGet("/v1/{projectId}/subnets/{subnetId}", OperationId = "ShowVpcSubnet")]
    [Tags("VPC: VPCs and subnets")]
    public static async Task<IResult> Show(string projectId, string subnetId, HttpContext context, IQuerySession session)
    {
        var network = Guid.TryParse(subnetId, out var id) ? await NetworkLookup.VisibleAsync(session, id, context.Caller(), context.RequestAborted) : null;
        return network is null || network.IsProvider || network.Subnets.Count == 0
            ? throw NotFound(subnetId)
            : Results.Json(new { subnet = HuaweiSubnetJson.From(network) });
    }

    [WolverineDelete("/v1/{projectId}/vpcs/{vpcId}/subnets/{subnetId}", OperationId = "DeleteVpcSubnet")]
    [Tags("VPC: VPCs and subnets")]
    public static async Task<IResult> Delete(string projectId, string vpcId, string subnetId, HttpContext context, IDocumentSession session, DateTimeOffset now)
    {
        var caller = context.Caller();
        var ct = context.RequestAborted;
        if (!Guid.TryParse(vpcId, out var vpcGuid)) throw VpcRules.NotFound(vpcId);
        if (!Guid.TryParse(subnetId, out var networkId)) throw NotFound(subnetId);
        var vpcStream = await session.Events.FetchForWriting<Vpcs.Vpc>(vpcGuid, ct);
        var vpc = VpcRules.Visible(vpcStream.Aggregate, vpcId, caller);
        if (vpc.Subnets.All(s => s.NetworkId != networkId))
            throw Rejection.BadRequest($"Subnet {subnetId} does not belong to the VPC {vpcId}.", "VPC.0207");

        return await NetworkRemoval.RemoveAsync(session, networkId, caller, now, ct) switch
        {
            RemovalOutcome.Removed => Removed(vpcStream, networkId, caller, now),
            RemovalOutcome.InUse => throw Rejection.Conflict(
                "The subnet cannot be deleted because it has private IP addresses that are being used.", "VPC.0208"),
            _ => throw NotFound(subnetId),
        };
    }

    static IResult Removed(JasperFx.Events.IEventStream<Vpcs.Vpc> vpcStream, Guid networkId, Caller caller, DateTimeOffset now)
    {
        vpcStream.AppendOne(new VpcSubnetRemoved(vpcStream.Aggregate!.Id, networkId, caller.UserName, now));
        return Results.NoContent();
    }
}
