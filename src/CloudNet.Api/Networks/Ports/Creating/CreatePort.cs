using System.Text.Json;
using CloudNet.Compute.FloatingIps.Pools;
using CloudNet.Errors;
using CloudNet.Identity;
using CloudNet.Ipam;
using CloudNet.Networks.FloatingIps;
using CloudNet.Networks.SecurityGroups;
using CloudNet.Quotas;
using Marten;
using Wolverine.Http;
using CloudNet.Networks.Ports.Activating;

namespace CloudNet.Networks.Ports.Creating;

public sealed record CreatePort(JsonElement? Port);

/// <summary>
/// <c>POST /v2.0/ports</c>: 201 and the port, on a network the caller may use: its addresses from IPAM as <c>fixed_ips</c>
/// asks (none given: one on each subnet), its MAC as given (unique among live ports) or the next one, its security groups as
/// given (the project's) or the project's default, every other attribute Neutron lets a create set. DOWN until a device holds
/// it. The port quota is decided in the commit's batch.
/// </summary>
public static class CreatePortEndpoint
{
    static readonly string[] Accepted = [.. PortChanges.Attributes, "network_id", "tenant_id", "project_id", "dns_domain"];

    [WolverinePost("/v2.0/ports", OperationId = "CreatePort")]
    [Tags("Networks: ports")]
    public static async Task<IResult> Post(CreatePort? command, HttpContext context, Caller caller, IDocumentSession session, FloatingIpPools pools,
        QuotaLimits limits, DateTimeOffset now, CancellationToken ct)
    {
        var body = NeutronBody.Of("port", command?.Port, Accepted);
        NeutronOwnership.EnsureCallersOwn(body, caller);
        if (body.Text("dns_domain") is { Length: > 0 }) throw NeutronBody.Bad("port", "A port's own 'dns_domain' is not supported by this service");
        var networkId = body.Uuid("network_id") ?? throw NeutronBody.Bad("port", "Failed to parse request. Required attribute 'network_id' not specified");
        if (pools.ByNetworkId(networkId) is not null) throw ExternalNetworkRules.NotChangeable(networkId.ToString());
        var changes = PortChanges.From(body);
        if (changes.FixedIps?.Count > PortRules.MaxFixedIps)
            throw Rejection.BadRequest($"Exceeded maximum amount of fixed ips per port: {PortRules.MaxFixedIps}.", "InvalidInput");

        var allocator = await session.AddressAllocatorAsync(ct);
        var network = await NetworkLookup.ForAddressingAsync(session, networkId, caller, ct) ?? throw NetworkLookup.NotFound(networkId.ToString());
        var portId = caller.NewId();
        var addresses = await NetworkAddressing.AllocateAsync(session, allocator, network, new AddressHolder(portId, AddressHolder.Port), caller,
            changes.FixedIps, now, ct);
        if (!addresses.Succeeded) throw PortRules.AddressingRefused(addresses, network);
        var mac = changes.MacAddress is { } given
            ? await MacAddresses.ClaimAsync(session, network.NetworkId, given, ct)
            : (await MacAddresses.NextAsync(session, caller, ct)).ToLowerInvariant();

        var created = PortRules.Create(portId, network, changes, mac, addresses.FixedIps, null, caller, now);
        var groups = await PortSecurityGroups.ForNewPortAsync(session, changes.SecurityGroups, created.Attributes, addresses.FixedIps.Count, caller, now, ct);
        created = PortActivating.Binding(created with { Attributes = created.Attributes with { SecurityGroups = groups } }, context);
        TakeQuota.Queue(session, limits, caller.TenantId, QuotaResources.Port, [portId], NeutronQuotaErrors.OverQuota(QuotaResources.Port));
        session.Events.StartStream<Port>(portId, created);
        return Results.Json(new { port = PortJson.From(Port.Create(created), network.Attributes.DnsDomain) }, statusCode: 201);
    }
}
