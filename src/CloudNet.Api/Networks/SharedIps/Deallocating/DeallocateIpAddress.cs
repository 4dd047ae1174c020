using System.Net;
using CloudNet.Identity;
using CloudNet.Ipam;
using Marten;
using Wolverine.Http;

namespace CloudNet.Networks.SharedIps.Deallocating;

/// <summary><c>DELETE /v2.0/ip_addresses/{id}</c>: 204; 400 <c>PortRequiresDisassociation</c> while any server has it associated.</summary>
public static class DeallocateIpAddressEndpoint
{
    [WolverineDelete("/v2.0/ip_addresses/{ipAddressId}", OperationId = "DeallocateIpAddress")]
    [Tags("Networks: shared IPs")]
    public static async Task<IResult> Delete(string ipAddressId, Caller caller, IDocumentSession session, DateTimeOffset now, CancellationToken ct)
    {
        await DeallocateAsync(ipAddressId, caller, session, now, ct);
        return Results.NoContent();
    }

    public static async Task DeallocateAsync(string ipAddressId, Caller caller, IDocumentSession session, DateTimeOffset now, CancellationToken ct)
    {
        var allocator = await session.AddressAllocatorAsync(ct);
        var (ip, stream) = await SharedIpLookup.ForWritingAsync(session, ipAddressId, caller, ct);
        stream.AppendOne(SharedIpRules.Deallocate(ip, caller, now));
        await NetworkAddressing.ReleaseAsync(session, allocator, ip.NetworkId, new AddressHolder(ip.Id, AddressHolder.SharedIp),
            [new FixedIp(ip.SubnetId, ip.Address, ip.IpVersion)], caller, now, ct);
    }
}
