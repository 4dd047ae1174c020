using System.Text.Json;
using CloudNet.Identity;
using CloudNet.Ipam;
using CloudNet.Networks;
using CloudNet.Networks.Ports;
using CloudNet.Networks.SecurityGroups;
using CloudNet.Quotas;
using Marten;
using Wolverine.Http;
using CloudNet.Networks.Ports.Activating;

namespace CloudNet.Vpc.Ports.Creating;

public sealed record CreateHuaweiPort(JsonElement? Port);

/// <summary>
/// <c>POST /v1/{project_id}/ports</c>: 200 and the port, in Huawei's shape. The same port as <c>POST /v2.0/ports</c> makes (one
/// stream, Neutron's rules for its attributes, its addresses from IPAM, the port quota decided in the commit's batch), so
/// <c>/v2.0/ports</c> lists it and Neutron's routes change or delete it; only the checks before it are Huawei's, and its refusals.
/// Its security groups are settled as Neutron settles them (the project's, or its default group).
/// A virtual IP's port is <c>device_owner: neutron:VIP_PORT</c>; a private IP becomes one by being named in a port's
/// <c>allowed_address_pairs</c> (<see cref="PrivateIps.PrivateIpUse"/>).
/// </summary>
public static class CreateHuaweiPortEndpoint
{
    [WolverinePost("/v1/{projectId}/ports", OperationId = "CreateHuaweiPort")]
    [Tags("VPC: ports")]
    public static async Task<IResult> Post(string projectId, CreateHuaweiPort? command, HttpContext context, Caller caller, IDocumentSession session,
        QuotaLimits limits, DateTimeOffset now, CancellationToken ct)
    {
        var (networkId, changes) = HuaweiPortRequest.Create(command?.Port, caller);

        var allocator = await session.AddressAllocatorAsync(ct);
        var network = await NetworkLookup.ForAddressingAsync(session, networkId, caller, ct);
        if (network is not { IsProvider: false }) throw HuaweiPortErrors.NetworkNotFound(networkId.ToString());
        var requests = HuaweiPortRequest.FixedIps(changes, network);
        if (requests?.FirstOrDefault(r => r.SubnetId is { } id && network.Subnets.All(s => s.Id != id)) is { } foreign)
            throw HuaweiPortErrors.Invalid($"fixed_ips is invalid: subnet {foreign.SubnetId} is not a subnet of network {network.NetworkId}.");

        var portId = caller.NewId();
        var addresses = await NetworkAddressing.AllocateAsync(session, allocator, network, new AddressHolder(portId, AddressHolder.Port), caller,
            requests, now, ct);
        if (!addresses.Succeeded) throw HuaweiPortErrors.AddressingRefused(addresses, network);
        var mac = (await MacAddresses.NextAsync(session, caller, ct)).ToLowerInvariant();
        var created = HuaweiPortErrors.InHuaweiTerms(() =>
            PortRules.Create(portId, network, changes with { FixedIps = null }, mac, addresses.FixedIps, null, caller, now));
        var groups = await HuaweiPortErrors.SecurityGroupsInHuaweiTermsAsync(() =>
            PortSecurityGroups.ForNewPortAsync(session, changes.SecurityGroups, created.Attributes, addresses.FixedIps.Count, caller, now, ct));
        created = PortActivating.Binding(created with { Attributes = created.Attributes with { SecurityGroups = groups } }, context);

        TakeQuota.Queue(session, limits, caller.TenantId, QuotaResources.Port, [portId], HuaweiPortErrors.OverQuota);
        session.Events.StartStream<Port>(portId, created);
        return Results.Json(new { port = HuaweiPortJson.From(Port.Create(created), network.Attributes.DnsDomain) });
    }
}
