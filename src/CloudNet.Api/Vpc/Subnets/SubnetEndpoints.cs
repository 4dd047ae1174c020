using System.Text.Json;
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
    [property: JsonPropertyName("vpc_id")] string? VpcId,
    string? Description,
    [property: JsonPropertyName("dhcp_enable")] bool? DhcpEnable,
    [property: JsonPropertyName("primary_dns")] string? PrimaryDns,
    [property: JsonPropertyName("secondary_dns")] string? SecondaryDns,
    [property: JsonPropertyName("dnsList")] List<string>? DnsList,
    [property: JsonPropertyName("availability_zone")] string? AvailabilityZone,
    [property: JsonPropertyName("ipv6_enable")] bool? Ipv6Enable,
    [property: JsonPropertyName("extra_dhcp_opts")] List<JsonElement>? ExtraDhcpOpts,
    List<string?>? Tags)
{
    [JsonIgnore]
    public HuaweiSubnetFields Fields => new(Description, DhcpEnable, PrimaryDns, SecondaryDns, DnsList, Ipv6Enable, ExtraDhcpOpts);
}

public sealed record UpdateVpcSubnet(UpdateVpcSubnetBody? Subnet);

public sealed record UpdateVpcSubnetBody(
    string? Name,
    string? Description,
    [property: JsonPropertyName("dhcp_enable")] bool? DhcpEnable,
    [property: JsonPropertyName("primary_dns")] string? PrimaryDns,
    [property: JsonPropertyName("secondary_dns")] string? SecondaryDns,
    [property: JsonPropertyName("dnsList")] List<string>? DnsList,
    [property: JsonPropertyName("ipv6_enable")] bool? Ipv6Enable,
    [property: JsonPropertyName("extra_dhcp_opts")] List<JsonElement>? ExtraDhcpOpts)
{
    [JsonIgnore]
    public HuaweiSubnetFields Fields => new(Description, DhcpEnable, PrimaryDns, SecondaryDns, DnsList, Ipv6Enable, ExtraDhcpOpts);
}

/// <summary>
/// Huawei's v1 subnets: each is a network (with one IPv4 subnet) of the VPC, the same network the Neutron and
/// Rackspace routes show. Create 200, list (<c>vpc_id</c>, <c>limit</c>, <c>marker</c>), show, and delete under
/// <c>/v1/{project_id}/vpcs/{vpc_id}/subnets/{subnet_id}</c> (204; 409 <c>VPC.0208</c> while addresses are held), and update
/// there (name, description, DHCP and DNS: stored on the network's Neutron subnet, so <c>/v2.0</c> shows them too).
/// </summary>
public static class SubnetEndpoints
{
    [WolverinePost("/v1/{projectId}/subnets", OperationId = "CreateVpcSubnet")]
    [Tags("VPC: VPCs and subnets")]
    public static async Task<IResult> Create(string projectId, CreateVpcSubnet? command, Caller caller, IDocumentSession session, DateTimeOffset now,
        CancellationToken ct)
    {
        var body = command?.Subnet ?? throw PrivateIpErrors.BadRequest("subnet is required: {\"subnet\":{\"name\",\"cidr\",\"gateway_ip\",\"vpc_id\"}}.");
        if (!Guid.TryParse(body.VpcId, out var vpcId)) throw VpcRules.NotFound(body.VpcId ?? "");
        var vpcStream = await session.Events.FetchForWriting<Vpcs.Vpc>(vpcId, ct);
        var vpc = VpcRules.Visible(vpcStream.Aggregate, body.VpcId!, caller);

        var networkId = caller.NewId();
        var added = VpcRules.AddSubnet(vpc, networkId, body.Name, body.Cidr, caller, now);
        var gateway = VpcRules.Gateway(added.Cidr, body.GatewayIp);
        var changes = HuaweiSubnetRules.Changes(body.Name, body.Fields, []) with { GatewayGiven = true, Gateway = gateway };
        var attributes = body.AvailabilityZone is { Length: > 0 } zone ? NetworkAttributes.Defaults with { AvailabilityZoneHints = [zone] } : null;
        var tags = HuaweiSubnetRules.Tags(body.Tags);
        var created = new NetworkCreated(networkId, caller.TenantId, body.Name!, caller.UserName, now, vpcId, attributes);
        var network = Network.Create(created);
        var subnet = SubnetRules.Create(network, caller.NewId(), added.Cidr, 4, changes, caller, now);

        var tagged = tags.Count > 0 ? new NetworkTagsReplaced(networkId, tags, caller.UserName, now) : null;
        vpcStream.AppendOne(added);
        session.Events.StartStream<Network>(NetworkKeys.StreamId(networkId), tagged is null ? [created, subnet] : [created, subnet, tagged]);
        network = network.Apply(subnet);
        if (tagged is not null) network = network.Apply(tagged);
        return Results.Json(new { subnet = HuaweiSubnetJson.From(network) });
    }

    /// <summary>The project's networks that have a subnet (made here or through the other families), oldest first.</summary>
    [WolverineGet("/v1/{projectId}/subnets", OperationId = "ListVpcSubnets")]
    [Tags("VPC: VPCs and subnets")]
    public static async Task<IResult> List(string projectId, HttpContext context, Caller caller, IQuerySession session, CancellationToken ct)
    {
        var query = context.Request.Query;
        var (limit, marker) = PrivateIpRules.Page(query["limit"], query["marker"]);
        var tenant = caller.TenantId;
        var networks = session.Query<Network>().Where(n => n.TenantId == tenant);
        if (!string.IsNullOrEmpty(query["vpc_id"]))
        {
            if (!Guid.TryParse(query["vpc_id"], out var vpcId)) return Results.Json(new { subnets = Array.Empty<object>() });
            networks = networks.Where(n => n.VpcId == vpcId);
        }
        if (marker is { } after) networks = networks.Where(n => n.NetworkId.CompareTo(after) > 0);
        var page = await networks.OrderBy(n => n.NetworkId).ToListAsync(ct);
        return Results.Json(new { subnets = page.Where(n => n.Subnets.Count > 0).Take(limit).Select(HuaweiSubnetJson.From) });
    }

    [WolverineGet("/v1/{projectId}/subnets/{subnetId}", OperationId = "ShowVpcSubnet")]
    [Tags("VPC: VPCs and subnets")]
    public static async Task<IResult> Show(string projectId, string subnetId, Caller caller, IQuerySession session, CancellationToken ct) =>
        Results.Json(new { subnet = HuaweiSubnetJson.From(await VpcSubnetLookup.VisibleAsync(session, subnetId, caller, ct)) });

    /// <summary>Huawei answers only the id and status; the name goes to the network and its subnet (a Huawei subnet is both).</summary>
    [WolverinePut("/v1/{projectId}/vpcs/{vpcId}/subnets/{subnetId}", OperationId = "UpdateVpcSubnet")]
    [Tags("VPC: VPCs and subnets")]
    public static async Task<IResult> Update(string projectId, string vpcId, string subnetId, UpdateVpcSubnet? command, Caller caller,
        IDocumentSession session, DateTimeOffset now, CancellationToken ct)
    {
        var body = command?.Subnet ?? throw HuaweiSubnetRules.Invalid("subnet is required: {\"subnet\":{\"name\",…}}.");
        if (body.Name is not null && (body.Name.Length is 0 or > 64 || body.Name.Any(c => !char.IsAsciiLetterOrDigit(c) && c is not ('_' or '-' or '.'))))
            throw HuaweiSubnetRules.Invalid($"name '{body.Name}' is invalid: 1 to 64 letters, digits, '_', '-' or '.'.");
        var found = await VpcSubnetLookup.OwnAsync(session, subnetId, caller, ct);
        if (!Guid.TryParse(vpcId, out var vpcGuid) || found.VpcId != vpcGuid)
            throw Rejection.BadRequest($"Subnet {subnetId} does not belong to the VPC {vpcId}.", "VPC.0207");

        // Exclusive, as Neutron's subnet update is: no allocation on the network is in flight while the subnet changes.
        await NetworkLocks.ExclusiveAsync(session, found.NetworkId, ct);
        var stream = await session.Events.FetchForWriting<Network>(found.Id, ct);
        if (stream.Aggregate.Is(found.NetworkId) is not { } network || VpcSubnetLookup.Primary(network) is not { } subnet)
            throw VpcSubnetLookup.NotFound(subnetId);
        var changes = HuaweiSubnetRules.Changes(body.Name, body.Fields, subnet.DnsNameservers);
        if (body.Name is { } name && name != network.Label)
            stream.AppendOne(NetworkRules.Update(network, new NetworkChanges(Name: name), caller, now));
        if (body.Name is not null || body.Description is not null || body.DhcpEnable is not null || changes.DnsNameservers is not null)
            stream.AppendOne(SubnetRules.Update(network, subnet, changes, caller, now));
        return Results.Json(new { subnet = new { id = network.NetworkId, status = "ACTIVE" } });
    }

    [WolverineDelete("/v1/{projectId}/vpcs/{vpcId}/subnets/{subnetId}", OperationId = "DeleteVpcSubnet")]
    [Tags("VPC: VPCs and subnets")]
    public static async Task<IResult> Delete(string projectId, string vpcId, string subnetId, Caller caller, IDocumentSession session,
        DateTimeOffset now, CancellationToken ct)
    {
        if (!Guid.TryParse(vpcId, out var vpcGuid)) throw VpcRules.NotFound(vpcId);
        if (!Guid.TryParse(subnetId, out var networkId)) throw VpcSubnetLookup.NotFound(subnetId);
        var vpcStream = await session.Events.FetchForWriting<Vpcs.Vpc>(vpcGuid, ct);
        var vpc = VpcRules.Visible(vpcStream.Aggregate, vpcId, caller);
        if (vpc.Subnets.All(s => s.NetworkId != networkId))
            throw Rejection.BadRequest($"Subnet {subnetId} does not belong to the VPC {vpcId}.", "VPC.0207");

        return await NetworkRemoval.RemoveAsync(session, networkId, caller, now, ct) switch
        {
            RemovalOutcome.Removed => Removed(vpcStream, networkId, caller, now),
            RemovalOutcome.InUse => throw Rejection.Conflict(
                "The subnet cannot be deleted because it has private IP addresses that are being used.", "VPC.0208"),
            _ => throw VpcSubnetLookup.NotFound(subnetId),
        };
    }

    static IResult Removed(JasperFx.Events.IEventStream<Vpcs.Vpc> vpcStream, Guid networkId, Caller caller, DateTimeOffset now)
    {
        vpcStream.AppendOne(new VpcSubnetRemoved(vpcStream.Aggregate!.Id, networkId, caller.UserName, now));
        return Results.NoContent();
    }
}
