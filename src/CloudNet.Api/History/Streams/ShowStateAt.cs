using CloudNet.Compute.FloatingIps;
using CloudNet.Compute.Keypairs;
using CloudNet.Compute.Servers;
using CloudNet.Compute.VirtualInterfaces;
using CloudNet.Identity;
using CloudNet.Networks;
using CloudNet.Networks.Ports;
using CloudNet.Networks.Routers;
using CloudNet.Networks.SecurityGroups;
using CloudNet.Networks.SharedIps;
using CloudNet.Vpc.PrivateIps;
using JasperFx.Events;
using Marten;
using Wolverine.Http;

namespace CloudNet.History.Streams;

/// <summary>
/// <c>GET /history/{kind}/{id}?version=|at=</c>: the resource as it was after that version of its stream, or at
/// that instant, in exactly the JSON its own family's GET answers with (without either: as it is now, or as it
/// was last). Built by live aggregation of the stream up to that point; a resource that did not exist then
/// (not yet created, or already released) is a 404. <c>X-History-Version</c> names the last event applied.
/// </summary>
public static class ShowStateAtEndpoint
{
    [WolverineGet("/history/{kind}/{id}", OperationId = "ShowHistoryState")]
    [Tags("History")]
    public static async Task<IResult> Get(string kind, string id, string? version, string? at, HttpContext context, Caller caller,
        IQuerySession session, CancellationToken ct)
    {
        var stream = await HistoryStream.ResolveAsync(session, kind, id, caller, ct);
        var atVersion = HistoryQuery.Version(version);
        var atInstant = HistoryQuery.Instant(at);
        if (atVersion is not null && atInstant is not null) throw HistoryRejections.BadQuery("Give version or at, not both.");
        var when = atVersion is { } v ? $"at version {v}" : atInstant is { } t ? $"at {t:O}" : "any more";

        var events = await session.Events.FetchStreamAsync(stream.StreamId, atVersion ?? 0, atInstant, token: ct);
        if (events.Count == 0 || (atVersion is { } wanted && events[^1].Version < wanted))
            throw HistoryRejections.DidNotExist(kind, id, when);
        var last = events[^1].Version;

        // A keypair's name can be taken again after its delete, in the same stream, and a project's default security group is made
        // again after a reset: the last ending or (re)creation decides.
        if (events.LastOrDefault(e => Ends(stream, e.Data) || e.Data is KeypairCreated or SecurityGroupCreated) is { } turn && Ends(stream, turn.Data))
            throw HistoryRejections.DidNotExist(kind, id, when);

        object? body = stream.Kind switch
        {
            HistoryStream.FloatingIps => await StateAsync<FloatingIp>(session, stream, last, ct) is { } ip
                ? new { floating_ip = FloatingIpJson.From(ip, context.Request) } : null,
            HistoryStream.Servers => await StateAsync<Server>(session, stream, last, ct) is { } server
                ? new { server = ServerJson.Detail(server, context.Request) } : null,
            HistoryStream.VirtualInterfaces => (await StateAsync<Server>(session, stream, last, ct))?.Ports.FirstOrDefault(p => p.PortId == stream.Id) is { } port
                ? new { virtual_interfaces = new[] { VirtualInterfaceJson.From(port) } } : null,
            HistoryStream.SharedIps => await StateAsync<SharedIp>(session, stream, last, ct) is { } shared
                ? new { ip_address = SharedIpJson.From(shared) } : null,
            HistoryStream.PrivateIps => await StateAsync<PrivateIp>(session, stream, last, ct) is { } privateIp
                ? new { privateip = PrivateIpJson.From(privateIp) } : null,
            HistoryStream.Networks => await StateAsync<Network>(session, stream, last, ct) is { } network
                ? new { network = NeutronJson.Network(network) } : null,
            HistoryStream.Ports => await StateAsync<Port>(session, stream, last, ct) is { } port
                ? new { port = PortJson.From(port, (await session.LoadAsync<Network>(NetworkKeys.StreamId(port.NetworkId), ct))?.Attributes.DnsDomain) } : null,
            HistoryStream.Keypairs => await StateAsync<Keypair>(session, stream, last, ct) is { } keypair
                ? new { keypair = KeypairJson.Detail(keypair, Compute.Microversion.Default) } : null,
            HistoryStream.Routers => await StateAsync<Router>(session, stream, last, ct) is { } router
                ? new { router = RouterJson.From(router) } : null,
            HistoryStream.SecurityGroups => await StateAsync<SecurityGroup>(session, stream, last, ct) is { } group
                ? new { security_group = SecurityGroupJson.From(group) } : null,
            HistoryStream.Vpcs => await StateAsync<Vpc.Vpcs.Vpc>(session, stream, last, ct) is { } vpc
                ? new { vpc = Vpc.Vpcs.VpcJson.From(vpc) } : null,
            _ => null,
        };
        if (body is null) throw HistoryRejections.DidNotExist(kind, id, when);
        context.Response.Headers["X-History-Version"] = last.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Results.Json(body);
    }

    /// <summary>Whether this event ended the resource: after it, the resource no longer existed.</summary>
    static bool Ends(HistoryStream stream, object data) => data switch
    {
        FloatingIpReleased or ServerDeleted or IpAddressDeallocated or PrivateIpReleased or NetworkDeleted or PortDeleted or KeypairDeleted
            or RouterDeleted or SecurityGroupDeleted or Vpc.Vpcs.VpcDeleted => true,
        VirtualInterfaceDetached detached => detached.PortId == stream.Id,
        _ => false,
    };

    static Task<T?> StateAsync<T>(IQuerySession session, HistoryStream stream, long version, CancellationToken ct) where T : class =>
        session.Events.AggregateStreamAsync<T>(stream.StreamId, version, token: ct);
}
