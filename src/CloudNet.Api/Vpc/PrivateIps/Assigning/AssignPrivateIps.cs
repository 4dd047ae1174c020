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
    public static async Task<IResult> Post(string projectId, AssignPrivateIps? command, HttpContext context, IDocumentSession session, DateTimeOffset now)
    {
        var caller = context.Caller();
        var ct = context.RequestAborted;
        var items = PrivateIpRules.Validate(command?.Privateips);
        var allocator = await session.AddressAllocatorAsync(ct);

        // Cursor locks are taken network by network in one global order, so two batches naming the same
        // networks in different orders cannot wait on each other; the answer keeps the request's order.
        var assigned = new PrivateIpAssigned[items.Count];
        foreach (var (item, index) in items.Select((item, index) => (item, index)).OrderBy(x => x.item.NetworkId))
        {
            var network = await NetworkLookup.ForAddressingAsync(session, item.NetworkId, caller, ct)
                ?? throw PrivateIpErrors.SubnetNotFound(item.NetworkId.ToString());
            var (subnet, block) = PrivateIpRules.SubnetFor(network, item.Address);
            var id = Guid.CreateVersion7();
            var allocation = await allocator.AllocateAsync(subnet.IpamScope, block, id, caller.TenantId, item.Address, ct);
            assigned[index] = PrivateIpRules.Assigned(allocation, id, network, subnet, item.Address, caller, now);
            session.Events.StartStream<PrivateIp>(id, assigned[index]);
        }
        return Results.Json(new { privateips = assigned.Select(a => PrivateIpJson.From(PrivateIp.Create(a))) });
    }
}
