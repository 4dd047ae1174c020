using CloudNet.Identity;
using CloudNet.Ipam;
using CloudNet.Networks.Ports;
using Marten;
using Wolverine.Http;

namespace CloudNet.Vpc.Ports.Deleting;

/// <summary>
/// <c>DELETE /v1/{project_id}/ports/{port_id}</c>: 204. Huawei deletes only a port without a device: one with a <c>device_id</c>, or
/// a <c>device_owner</c> other than a virtual IP's (<c>neutron:VIP_PORT</c>), is refused (409 <c>VPC.0706</c>); a server's port
/// goes with its interface. Otherwise as Neutron deletes it: the EIPs (floating IPs) on it let go, its addresses back to IPAM, the
/// port's stream ended; the private IPs it had as virtual IPs are free again.
/// </summary>
public static class DeleteHuaweiPortEndpoint
{
    [WolverineDelete("/v1/{projectId}/ports/{portId}", OperationId = "DeleteHuaweiPort")]
    [Tags("VPC: ports")]
    public static async Task<IResult> Delete(string projectId, string portId, Caller caller, IDocumentSession session, DateTimeOffset now,
        CancellationToken ct)
    {
        var allocator = await session.AddressAllocatorAsync(ct);
        var (port, stream) = await HuaweiPortLookup.ForExclusiveWritingAsync(session, portId, caller, ct);
        if (port.IsBound || port.ServerId is not null || port.Attributes.DeviceOwner is not ("" or HuaweiPortRequest.VipOwner))
            throw HuaweiPortErrors.InUse(port);

        await FreePortDeletion.DeleteAsync(session, allocator, port, stream, caller, now, ct);
        return Results.NoContent();
    }
}
