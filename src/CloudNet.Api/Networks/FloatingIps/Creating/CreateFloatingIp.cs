using System.Text.Json;
using System.Text.Json.Serialization;
using CloudNet.Compute.FloatingIps;
using CloudNet.Compute.FloatingIps.Pools;
using CloudNet.Identity;
using Marten;
using CloudNet.Quotas;
using Wolverine.Http;

namespace CloudNet.Networks.FloatingIps.Creating;

public sealed record CreateFloatingIp([property: JsonPropertyName("floatingip")] JsonElement? FloatingIp);

/// <summary>
/// <c>POST /v2.0/floatingips</c>: a floating IP from the pool that <c>floating_network_id</c> names (an external network),
/// the requested <c>floating_ip_address</c> or the next free one, associated at once with <c>port_id</c> if given: 201.
/// It is allocated exactly as nova's <c>POST /os-floating-ips</c> allocates (same quota, same events), so nova sees it too.
/// </summary>
public static class CreateFloatingIpEndpoint
{
    static readonly string[] Accepted =
        ["floating_network_id", "floating_ip_address", "subnet_id", "port_id", "fixed_ip_address", "description", "tenant_id", "project_id"];

    [WolverinePost("/v2.0/floatingips", OperationId = "CreateFloatingIpNeutron")]
    [Tags("Networks: floating IPs")]
    public static async Task<IResult> Post(CreateFloatingIp? command, Caller caller, IDocumentSession session, FloatingIpPools pools,
        QuotaLimits limits, DateTimeOffset now, CancellationToken ct)
    {
        var body = NeutronBody.Of("floatingip", command?.FloatingIp, Accepted);

        var networkId = body.Uuid("floating_network_id")
            ?? throw NeutronFloatingIpErrors.Bad("Failed to parse request. Required attribute 'floating_network_id' not specified");
        NeutronOwnership.EnsureCallersOwn(body, caller);
        var requested = body.Address("floating_ip_address");
        var subnetId = body.Uuid("subnet_id");
        var portId = body.Uuid("port_id");
        var fixedIpAddress = body.Text("fixed_ip_address");
        if (fixedIpAddress is not null && portId is null) throw NeutronFloatingIpErrors.Bad("fixed_ip_address cannot be specified without a port_id");
        var description = body.Description();

        var pool = pools.ByNetworkId(networkId) ?? throw await NotAnExternalNetworkAsync(session, networkId, caller, ct);
        var poolSubnetId = ExternalNetworks.SubnetIdOf(pool);
        if (subnetId is { } subnet && subnet != poolSubnetId)
            throw NeutronFloatingIpErrors.Bad($"Subnet {subnet} is not a subnet of network {networkId}");
        var target = portId is { } port ? await PortAssociation.ResolveAsync(session, port, fixedIpAddress, caller, ct) : null;

        var allocated = await FloatingIpAllocation.AllocateAsync(session, pool, caller, limits, requested, description, now,
            NeutronFloatingIpErrors.Refusals(networkId, poolSubnetId, requested?.ToString()), ct);
        var association = await PortAssociation.PointAsync(session, FloatingIp.Create(allocated), target, networkId, caller, now, ct);
        session.Events.StartStream<FloatingIp>(allocated.FloatingIpId, [allocated, .. association]);

        var view = NeutronFloatingIp.Create(allocated).After(association);
        return Results.Json(new { floatingip = NeutronFloatingIpJson.From(view, target?.PortId, target?.PortDown ?? false) }, statusCode: 201);
    }

    /// <summary>Neutron: an unknown network is 404 <c>NetworkNotFound</c>; a network that exists but is not external (PublicNet,
    /// ServiceNet, a tenant's network) is 400.</summary>
    static async Task<Errors.Rejection> NotAnExternalNetworkAsync(IQuerySession session, Guid networkId, Caller caller, CancellationToken ct) =>
        await NetworkLookup.VisibleAsync(session, networkId, caller, ct) is null
            ? NeutronFloatingIpErrors.NetworkNotFound(networkId.ToString())
            : NeutronFloatingIpErrors.NotExternal(networkId);
}
