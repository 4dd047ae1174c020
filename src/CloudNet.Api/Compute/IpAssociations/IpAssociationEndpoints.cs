using CloudNet.Compute.Servers;
using CloudNet.Errors;
using CloudNet.Identity;
using CloudNet.Networks.SharedIps;
using Marten;
using Wolverine.Http;

namespace CloudNet.Compute.IpAssociations;

/// <summary>
/// <c>/servers/{id}/ip_associations[/{ipId}]</c> (seeds 000 and 001, also under <c>/v2/servers/…</c> and
/// <c>/v2/{tenant}/servers/…</c>): POST or PUT on the member associates (201, body optional and ignored,
/// idempotent), GET lists or shows, DELETE disassociates (204); POST on the collection is 501. An association
/// appends to the IP's and the server's stream in one transaction, both fetched for writing.
/// </summary>
public static class IpAssociationEndpoints
{
    static object Body(Guid id, string address) => new { ip_association = new { id, address } };

    static Rejection NotAssociated(string ipId) => Rejection.NotFound($"IP association {ipId} not found.");

    [WolverinePut("/servers/{serverId}/ip_associations/{ipAddressId}", OperationId = "AssociateIp")]
    [Tags("Compute: IP associations")]
    public static Task<IResult> Put(string serverId, string ipAddressId, Caller caller, IDocumentSession session, DateTimeOffset now,
        CancellationToken ct) =>
        AssociateAsync(serverId, ipAddressId, caller, session, now, ct);

    [WolverinePost("/servers/{serverId}/ip_associations/{ipAddressId}", OperationId = "AssociateIpByPost")]
    [Tags("Compute: IP associations")]
    public static Task<IResult> Post(string serverId, string ipAddressId, Caller caller, IDocumentSession session, DateTimeOffset now,
        CancellationToken ct) =>
        AssociateAsync(serverId, ipAddressId, caller, session, now, ct);

    static async Task<IResult> AssociateAsync(string serverId, string ipAddressId, Caller caller, IDocumentSession session, DateTimeOffset now,
        CancellationToken ct)
    {
        var (server, serverStream) = await ServerLookup.ForWritingAsync(session, serverId, caller, ct);
        var (ip, ipStream) = await SharedIpLookup.ForWritingAsync(session, ipAddressId, caller, ct);
        if (server.IpAssociations.All(a => a.IpAddressId != ip.Id))
        {
            var port = SharedIpRules.PortOf(ip, server.Id, server.Ports.Select(p => p.PortId));
            ipStream.AppendOne(new IpAssociated(ip.Id, server.Id, port.PortId, caller.UserName, now));
            serverStream.AppendOne(new IpAssociatedWithServer(server.Id, ip.Id, ip.Address, caller.UserName, now));
        }
        return Results.Json(Body(ip.Id, ip.Address), statusCode: 201);
    }

    [WolverineGet("/servers/{serverId}/ip_associations", OperationId = "ListIpAssociations")]
    [Tags("Compute: IP associations")]
    public static async Task<IResult> List(string serverId, Caller caller, IQuerySession session, CancellationToken ct)
    {
        var server = await ServerLookup.VisibleAsync(session, serverId, caller, ct);
        return Results.Json(new { ip_associations = server.IpAssociations.Select(a => new { id = a.IpAddressId, address = a.Address }) });
    }

    [WolverineGet("/servers/{serverId}/ip_associations/{ipAddressId}", OperationId = "ShowIpAssociation")]
    [Tags("Compute: IP associations")]
    public static async Task<IResult> Show(string serverId, string ipAddressId, Caller caller, IQuerySession session, CancellationToken ct)
    {
        var server = await ServerLookup.VisibleAsync(session, serverId, caller, ct);
        var association = server.IpAssociations.FirstOrDefault(a => a.IpAddressId.ToString() == ipAddressId.ToLowerInvariant())
            ?? throw NotAssociated(ipAddressId);
        return Results.Json(Body(association.IpAddressId, association.Address));
    }

    [WolverineDelete("/servers/{serverId}/ip_associations/{ipAddressId}", OperationId = "DisassociateIp")]
    [Tags("Compute: IP associations")]
    public static async Task<IResult> Delete(string serverId, string ipAddressId, Caller caller, IDocumentSession session, DateTimeOffset now,
        CancellationToken ct)
    {
        var (server, serverStream) = await ServerLookup.ForWritingAsync(session, serverId, caller, ct);
        var association = server.IpAssociations.FirstOrDefault(a => a.IpAddressId.ToString() == ipAddressId.ToLowerInvariant())
            ?? throw NotAssociated(ipAddressId);
        var (ip, ipStream) = await SharedIpLookup.ForWritingAsync(session, association.IpAddressId.ToString(), caller, ct);
        ipStream.AppendOne(new IpDisassociated(ip.Id, server.Id, caller.UserName, now));
        serverStream.AppendOne(new IpDisassociatedFromServer(server.Id, ip.Id, caller.UserName, now));
        return Results.NoContent();
    }

    [WolverinePost("/servers/{serverId}/ip_associations", OperationId = "AssociateIpOnCollection")]
    [Tags("Compute: IP associations")]
    public static IResult PostOnCollection(string serverId) =>
        ErrorResponses.Result(new ApiError(501, "Associate an IP with PUT or POST on /servers/{id}/ip_associations/{ip_address_id}."));
}
