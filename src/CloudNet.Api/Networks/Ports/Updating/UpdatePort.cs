using System.Text.Json;
using CloudNet.Compute.FloatingIps;
using CloudNet.Compute.Servers;
using CloudNet.Errors;
using CloudNet.Identity;
using CloudNet.Ipam;
using CloudNet.Networks.SecurityGroups;
using Marten;
using Wolverine.Http;
using CloudNet.Networks.Ports.Activating;

namespace CloudNet.Networks.Ports.Updating;

public sealed record UpdatePort(JsonElement? Port);

/// <summary>
/// <c>PUT /v2.0/ports/{id}</c>: 200 and the port. Its attributes change as one event; <c>fixed_ips</c>, when given, is the
/// set the port is to hold, as Neutron reads it: addresses named and held are kept, held ones not named are released,
/// others are asked of IPAM. A server of this service that holds the port sees its new addresses.
/// </summary>
public static class UpdatePortEndpoint
{
    static readonly string[] ReadOnly = ["id", "network_id", "tenant_id", "project_id", "status", "binding:vif_type", "binding:vif_details"];

    [WolverinePut("/v2.0/ports/{portId}", OperationId = "UpdatePort")]
    [Tags("Networks: ports")]
    public static async Task<IResult> Put(string portId, UpdatePort? command, HttpContext context, Caller caller, IDocumentSession session,
        DateTimeOffset now, CancellationToken ct)
    {
        var body = NeutronBody.Of("port", command?.Port, [.. PortChanges.Attributes, .. ReadOnly]);
        if (body.Names.FirstOrDefault(ReadOnly.Contains) is { } readOnly) throw NeutronBody.Bad("port", $"Cannot update read-only attribute {readOnly}");
        var changes = PortChanges.From(body);
        if (!Guid.TryParse(portId, out var id)) throw PortRules.NotFound(portId);

        var allocator = changes.FixedIps is null ? null : await session.AddressAllocatorAsync(ct);
        var (port, stream) = await PortLookup.ForExclusiveWritingAsync(session, id, caller, ct);
        var events = new List<object>();
        var fixedIps = port.FixedIps;
        if (changes.FixedIps is { } requested)
        {
            if (port.RouterId is not null && PortRules.FixedIpChanges(port, requested) is not { Released.Count: 0, Wanted.Count: 0 })
                throw PortRules.RouterPortAddresses(port);
            fixedIps = await ReaddressAsync(session, allocator!, port, requested, caller, now, ct);
            if (!fixedIps.SequenceEqual(port.FixedIps))
            {
                events.Add(new PortAddressesChanged(port.Id, port.NetworkId, fixedIps, caller.UserName, now));
                if (port.ServerId is { } serverId && await session.Events.FetchForWriting<Server>(serverId, ct) is { Aggregate: not null } server)
                    server.AppendOne(new ServerPortAddressesChanged(serverId, port.Id, fixedIps, caller.UserName, now));
            }
        }
        if (PortRules.Update(port, changes, fixedIps.Count, caller, now) is { } updated)
        {
            if (changes.SecurityGroups is not null) await PortSecurityGroups.EnsureUsableAsync(session, updated.Attributes.SecurityGroups, caller, ct);
            events.Add(PortActivating.Binding(updated, port, context));
        }
        stream.AppendMany(events);

        var after = events.Aggregate(port, (p, e) => e switch
        {
            PortAddressesChanged changed => p.Apply(changed),
            PortUpdated attributes => p.Apply(attributes),
            _ => p,
        });
        return Results.Json(new { port = await PortLookup.JsonAsync(session, after, ct) });
    }

    /// <summary>The addresses the port holds after the update; a released address a floating IP maps to is refused (409), so
    /// that no floating IP is left pointing at an address its port gave back.</summary>
    static async Task<IReadOnlyList<FixedIp>> ReaddressAsync(IDocumentSession session, AddressAllocator allocator, Port port,
        IReadOnlyList<AddressRequest> requested, Caller caller, DateTimeOffset now, CancellationToken ct)
    {
        var (kept, released, wanted) = PortRules.FixedIpChanges(port, requested);
        if (released.Count > 0)
        {
            var mapped = await session.Query<FloatingIp>().Where(f => f.PortId == port.Id).ToListAsync(ct);
            if (mapped.FirstOrDefault(f => released.Any(r => r.Address == f.FixedIp)) is { } floating)
                throw Rejection.Conflict($"Fixed IP {floating.FixedIp} of port {port.Id} has floating IP {floating.Address} ({floating.Id}); " +
                    "disassociate it before the port gives the address back.", "FloatingIPPortAlreadyAssociated");
        }
        var network = await NetworkLookup.ForAddressingAsync(session, port.NetworkId, caller, ct) ?? throw PortRules.NotFound(port.Id.ToString());
        var holder = new AddressHolder(port.Id, port.HolderKind, port.ServerId);
        await NetworkAddressing.ReleaseAsync(session, allocator, port.NetworkId, holder, released, caller, now, ct);
        var added = await NetworkAddressing.AllocateAsync(session, allocator, network, holder, caller, wanted, now, ct);
        if (!added.Succeeded) throw PortRules.AddressingRefused(added, network);
        return [.. kept, .. added.FixedIps];
    }
}
