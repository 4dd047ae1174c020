using CloudNet.Compute.Servers;
using CloudNet.Identity;
using Marten;
using Wolverine.Http;

namespace CloudNet.Compute.VirtualInterfaces.Listing;

/// <summary><c>GET /servers/{id}/os-virtual-interfacesv2</c>: the server's interfaces, those it booted with included.</summary>
public static class ListVirtualInterfacesEndpoint
{
    [WolverineGet("/servers/{serverId}/os-virtual-interfacesv2", OperationId = "ListVirtualInterfaces")]
    [Tags("Compute: virtual interfaces")]
    public static async Task<IResult> Get(string serverId, Caller caller, IQuerySession session, CancellationToken ct)
    {
        var server = await ServerLookup.VisibleAsync(session, serverId, caller, ct);
        return Results.Json(new { virtual_interfaces = server.Ports.Select(VirtualInterfaceJson.From) });
    }
}
