using System.Text.Json;
using CloudNet.Compute.FloatingIps.Pools;
using CloudNet.Identity;
using CloudNet.Ipam;
using CloudNet.Networks.FloatingIps;
using Marten;
using Wolverine.Http;

namespace CloudNet.Networks.UpdatingSubnets;

public sealed record UpdateSubnet(JsonElement? Subnet);

/// <summary>
/// <c>PUT /v2.0/subnets/{id}</c>: 200 and the subnet. Name, description, gateway, DHCP, DNS servers, allocation pools, host
/// routes and service types change; the CIDR, the IP version and the network do not (Neutron's 400 for a read-only
/// attribute). New allocation pools send IPAM's cursor back to their start, in the same transaction.
/// </summary>
public static class UpdateSubnetEndpoint
{
    static readonly string[] ReadOnly = ["id", "network_id", "cidr", "ip_version", "subnetpool_id", "tenant_id", "project_id", "ipv6_ra_mode", "ipv6_address_mode"];

    [WolverinePut("/v2.0/subnets/{subnetId}", OperationId = "UpdateSubnet")]
    [Tags("Networks")]
    public static async Task<IResult> Put(string subnetId, UpdateSubnet? command, Caller caller, IDocumentSession session, FloatingIpPools pools,
        DateTimeOffset now, CancellationToken ct)
    {
        if (pools.BySubnetId(subnetId) is { } pool) throw ExternalNetworkRules.NotChangeable(pool.NetworkId.ToString());
        var body = NeutronBody.Of("subnet", command?.Subnet, [.. SubnetChanges.Attributes, .. ReadOnly]);
        if (body.Names.FirstOrDefault(ReadOnly.Contains) is { } readOnly)
            throw NeutronBody.Bad("subnet", $"Cannot update read-only attribute {readOnly}");
        var changes = SubnetChanges.From(body);

        var (found, seen) = await SubnetLookup.VisibleAsync(session, subnetId, caller, ct);
        NetworkRules.EnsureMayChangeSubnets(found, caller);
        await NetworkLocks.ExclusiveAsync(session, found.NetworkId, ct);
        var stream = await session.Events.FetchForWriting<Network>(found.Id, ct);
        if (stream.Aggregate is not { } network || network.Subnets.FirstOrDefault(s => s.Id == seen.Id) is not { } subnet)
            throw SubnetLookup.NotFound(subnetId);

        var updated = SubnetRules.Update(network, subnet, changes, caller, now);
        if (SubnetRules.PoolsChanged(subnet, updated.Subnet))
            await (await session.AddressAllocatorAsync(ct)).ResetCursorAsync(subnet.IpamScope, ct);
        stream.AppendOne(updated);
        return Results.Json(new { subnet = NeutronJson.Subnet(network.Apply(updated), updated.Subnet) });
    }
}
