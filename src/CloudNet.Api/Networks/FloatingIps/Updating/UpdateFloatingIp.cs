using System.Text.Json;
using System.Text.Json.Serialization;
using CloudNet.Compute.FloatingIps;
using CloudNet.Compute.FloatingIps.Pools;
using CloudNet.Identity;
using Marten;
using Wolverine.Http;

namespace CloudNet.Networks.FloatingIps.Updating;

public sealed record UpdateFloatingIp([property: JsonPropertyName("floatingip")] JsonElement? FloatingIp);

/// <summary>
/// <c>PUT /v2.0/floatingips/{id}</c>: 200 and the floating IP. <c>port_id</c> set associates (or moves the IP to that
/// port), <c>port_id: null</c> disassociates, an absent <c>port_id</c> keeps the association (Neutron since bug
/// #1610045); <c>fixed_ip_address</c> picks the port's address; <c>description</c> changes the description. Each change
/// is an event in the IP's stream, the association ones exactly nova's <c>addFloatingIp</c> / <c>removeFloatingIp</c>.
/// </summary>
public static class UpdateNeutronFloatingIpEndpoint
{
    static readonly string[] Accepted = ["port_id", "fixed_ip_address", "description"];

    [WolverinePut("/v2.0/floatingips/{floatingIpId}", OperationId = "UpdateFloatingIpNeutron")]
    [Tags("Networks: floating IPs")]
    public static async Task<IResult> Put(string floatingIpId, UpdateFloatingIp? command, Caller caller, IDocumentSession session, DateTimeOffset now,
        CancellationToken ct)
    {
        var body = NeutronBody.Of("floatingip", command?.FloatingIp, Accepted);
        var portId = body.Uuid("port_id");
        var fixedIpAddress = body.Text("fixed_ip_address");
        if (fixedIpAddress is not null && portId is null) throw NeutronFloatingIpErrors.Bad("fixed_ip_address cannot be specified without a port_id");
        var description = body.Description();

        var (ip, stream, view) = await NeutronFloatingIpLookup.ForWritingAsync(session, floatingIpId, caller, ct);
        var events = new List<object>();
        if (body.Has("port_id"))
        {
            var target = portId is { } port ? await PortAssociation.ResolveAsync(session, port, fixedIpAddress, caller, ct) : null;
            events.AddRange(await PortAssociation.PointAsync(session, ip, target, FloatingIpPool.NetworkIdOf(ip.Pool), caller, now, ct));
        }
        if (description is not null && description != view.Description)
            events.Add(new FloatingIpDescriptionChanged(ip.Id, description, caller.UserName, now));
        if (events.Count > 0) stream.AppendMany(events);

        var updated = view.After(events);
        return Results.Json(new { floatingip = await NeutronFloatingIpLookup.JsonAsync(session, updated, ct) });
    }
}
