using System.Text.Json;
using CloudNet.Compute.FloatingIps.Pools;
using CloudNet.Identity;
using CloudNet.Quotas;
using Marten;
using Wolverine.Http;

namespace CloudNet.Networks.Routers.Creating;

public sealed record CreateRouter(JsonElement? Router);

/// <summary>
/// <c>POST /v2.0/routers</c>: 201 and the router, ACTIVE at once, with the attributes Neutron lets a create set; an
/// <c>external_gateway_info</c> on a floating IP pool gives it an address of the pool (the one asked for, or the next free one).
/// The router quota is decided in the commit's batch.
/// </summary>
public static class CreateRouterEndpoint
{
    static readonly string[] Accepted =
        [.. RouterChanges.Attributes, "availability_zone_hints", "tenant_id", "project_id", "flavor_id", "service_type_id"];

    [WolverinePost("/v2.0/routers", OperationId = "CreateRouter")]
    [Tags("Networks: routers")]
    public static async Task<IResult> Post(CreateRouter? command, Caller caller, IDocumentSession session, FloatingIpPools pools, QuotaLimits limits,
        DateTimeOffset now, CancellationToken ct)
    {
        var body = NeutronBody.Of("router", command?.Router, Accepted);
        NeutronOwnership.EnsureCallersOwn(body, caller);
        // Flavors and service providers choose among a deployment's L3 drivers, which this service does not have.
        if (new[] { "flavor_id", "service_type_id" }.FirstOrDefault(a => body.Raw(a) is { ValueKind: not JsonValueKind.Null }) is { } unsupported)
            throw NeutronBody.Bad("router", $"'{unsupported}' is not supported by this service");
        var changes = RouterChanges.From(body);
        var hints = body.Strings("availability_zone_hints");

        var id = caller.NewId();
        var gateway = await RouterGateways.ChangeAsync(session, pools, id, null, changes.Gateway, caller, now, ct);
        var created = RouterRules.Create(id, changes, gateway, hints, caller, now);
        TakeQuota.Queue(session, limits, caller.TenantId, QuotaResources.Router, [id], NeutronQuotaErrors.OverQuota(QuotaResources.Router));
        session.Events.StartStream<Router>(id, created);
        return Results.Json(new { router = RouterJson.From(Router.Create(created)) }, statusCode: 201);
    }
}
