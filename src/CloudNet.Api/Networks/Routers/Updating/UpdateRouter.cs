using System.Text.Json;
using CloudNet.Compute.FloatingIps.Pools;
using CloudNet.Identity;
using CloudNet.Networks.FloatingIps;
using Marten;
using Wolverine.Http;

namespace CloudNet.Networks.Routers.Updating;

public sealed record UpdateRouter(JsonElement? Router);

/// <summary>
/// <c>PUT /v2.0/routers/{id}</c>: 200 and the router. The gateway first, as Neutron does (set, moved to another pool or address,
/// SNAT changed, or cleared with <c>null</c> or <c>{}</c>), then the name, description, state and <c>routes</c>, whose next hops
/// must be on the router's subnets. Each change is an event in the router's stream.
/// </summary>
public static class UpdateRouterEndpoint
{
    static readonly string[] ReadOnly =
        ["id", "tenant_id", "project_id", "status", "availability_zone_hints", "availability_zones", "flavor_id", "service_type_id"];

    [WolverinePut("/v2.0/routers/{routerId}", OperationId = "UpdateRouter")]
    [Tags("Networks: routers")]
    public static async Task<IResult> Put(string routerId, UpdateRouter? command, Caller caller, IDocumentSession session, FloatingIpPools pools,
        DateTimeOffset now, CancellationToken ct)
    {
        var body = NeutronBody.Of("router", command?.Router, [.. RouterChanges.Attributes, "routes", .. ReadOnly]);
        if (body.Names.FirstOrDefault(ReadOnly.Contains) is { } readOnly) throw NeutronBody.Bad("router", $"Cannot update read-only attribute {readOnly}");
        var changes = RouterChanges.From(body);

        var (router, stream) = await RouterLookup.ForExclusiveWritingAsync(session, routerId, caller, ct);
        var events = new List<object>();
        if (changes.GatewayGiven)
        {
            var gateway = await RouterGateways.ChangeAsync(session, pools, router.Id, router.Gateway, changes.Gateway, caller, now, ct);
            // A kept gateway is the same record, its address list the same instance: equal unless SNAT changed.
            if (gateway is null && router.Gateway is not null) events.Add(new RouterGatewayCleared(router.Id, caller.UserName, now));
            else if (gateway is not null && gateway != router.Gateway) events.Add(new RouterGatewaySet(router.Id, gateway, caller.UserName, now));
        }
        var after = After(router, events);

        var subnets = changes.Routes is null ? [] : await RouterLookup.SubnetsAsync(session, after, ct);
        var connected = subnets.Select(s => s.Cidr).ToList();
        if (after.Gateway is { } current && pools.ByNetworkId(current.NetworkId) is { } pool) connected.Add(pool.Block.Cidr);
        var own = after.Interfaces.SelectMany(i => i.FixedIps).Concat(after.Gateway?.ExternalFixedIps ?? []).Select(f => f.Address).ToList();
        if (RouterRules.Update(after, changes, connected, own, caller, now) is { } updated) events.Add(updated);
        stream.AppendMany(events);
        return Results.Json(new { router = RouterJson.From(After(router, events)) });
    }

    static Router After(Router router, IEnumerable<object> events) => events.Aggregate(router, (r, e) => e switch
    {
        RouterGatewaySet set => r.Apply(set),
        RouterGatewayCleared cleared => r.Apply(cleared),
        RouterUpdated updated => r.Apply(updated),
        _ => r,
    });
}
