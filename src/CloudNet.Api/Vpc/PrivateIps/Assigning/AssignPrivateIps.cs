using System.Text.Json.Serialization;
using CloudNet.Identity;
using CloudNet.Ipam;
using CloudNet.Networks;
using Marten;
using Wolverine.Http;

namespace CloudNet.Vpc.PrivateIps.Assigning;

public sealed record AssignPrivateIps(List<PrivateIpRequest?>? Privateips);

public sealed record PrivateIpRequest(
    [property: JsonPropertyName("subnet_id")] string? SubnetId,
    [property: JsonPropertyName("ip_address")] string? IpAddress);

/// <summary>
/// <c>POST /v1/{project_id}/privateips</c> (seed 002): a batch, all or nothing. Every address is leased in
/// this one transaction; if any item is refused, nothing is committed, so no address of the batch stays taken.
/// </summary>
public static class AssignPrivateIpsEndpoint
{
    /// <summary>Upper bound of a batch (the documentation sets none; a bound keeps one request's transaction short).</summary>
    public const int MaxBatch = 100;

    [WolverinePost("/v1/{projectId}/privateips", OperationId = "AssignPrivateIps")]
    [Tags("VPC: private IPs")]
    public static async Task<IResult> Post(string projectId, AssignPrivateIps? command, Caller caller, IDocumentSession session, DateTimeOffset now,
        CancellationToken ct)
    {
        var items = PrivateIpRules.Validate(command?.Privateips);
        var allocator = await session.AddressAllocatorAsync(ct);

        // Ids in request order, so the subnet's list (ordered by id) shows a batch as it was asked for.
        var ids = items.Select(_ => caller.NewId()).ToArray();
        var assigned = new PrivateIpAssigned[items.Count];
        // Networks in one global order (by id), a network's subnets in their order. On a subnet, the requested addresses
        // go first, in address order (two batches asking for the same ones lease them in one order), so the automatic
        // items are handed out around them.
        foreach (var batch in PrivateIpRules.ByNetwork(items))
        {
            var network = PrivateIpRules.VpcSubnet(await NetworkLookup.ForAddressingAsync(session, batch.NetworkId, caller, ct),
                batch.NetworkId.ToString());
            var placed = batch.Requested.Concat(batch.Automatic)
                .Select(index => (Index: index, Target: PrivateIpRules.SubnetFor(network, items[index].Address)))
                .OrderBy(x => network.Subnets.ToList().IndexOf(x.Target.Subnet));
            foreach (var (index, (subnet, block)) in placed)
            {
                var allocation = await allocator.AllocateAsync(subnet.IpamScope, block, ids[index], caller.TenantId, items[index].Address, ct);
                assigned[index] = PrivateIpRules.Assigned(allocation, ids[index], network, subnet, items[index].Address, caller, now);
                session.Events.StartStream<PrivateIp>(ids[index], assigned[index]);
                await NetworkAddressing.RecordAssignedAsync(session, network.NetworkId, subnet.Id, allocation.Address!,
                    new AddressHolder(ids[index], AddressHolder.PrivateIp), caller, now, ct);
            }
        }
        // A port may name an address as a virtual IP before it is a private IP: the new private IP is in use at once.
        var ports = new Dictionary<Guid, IReadOnlyList<Networks.Ports.Port>>();
        foreach (var networkId in assigned.Select(a => a.NetworkId).Distinct())
            ports[networkId] = await PrivateIpUse.PortsAsync(session, caller.TenantId, networkId, ct);
        return Results.Json(new { privateips = assigned.Select(a => PrivateIpJson.From(PrivateIpUse.AsUsed(PrivateIp.Create(a), ports[a.NetworkId]))) });
    }
}
