using System.Net;
using CloudNet.Identity;
using CloudNet.Ipam;
using Marten;

namespace CloudNet.Networks;

/// <summary>Who holds an address: a server's port, a private IP, a virtual interface… and the device behind it.</summary>
public sealed record AddressHolder(Guid Id, string Kind, Guid? DeviceId = null)
{
    /// <summary>A port nova or Rackspace's routes made for a server (the device).</summary>
    public const string ServerPort = "server-port";

    /// <summary>A port made through Neutron's <c>/v2.0/ports</c>.</summary>
    public const string Port = "port";
    public const string PrivateIp = "private-ip";
    public const string SharedIp = "shared-ip";

    /// <summary>A router's gateway on a floating IP pool (the device is the router).</summary>
    public const string Router = "router";
}

/// <summary>An address of the network was given to a holder. In the address's own stream (<see cref="AddressStreams"/>),
/// so that history answers "who held this address, from when to when"; the network's timeline of addresses is the
/// <c>address_holdings</c> read model (<c>/history/networks/{id}/addresses</c>). Logs written before issue 18 also hold a
/// copy in the network's stream, which the holdings projection skips.</summary>
public sealed record NetworkAddressAssigned(Guid NetworkId, Guid SubnetId, string Address, Guid HolderId, string HolderKind,
    Guid? DeviceId, string TenantId, string By, DateTimeOffset At);

/// <remarks><c>TenantId</c> came later: events recorded before it have none (history then treats the holder as unknown).</remarks>
public sealed record NetworkAddressReleased(Guid NetworkId, Guid SubnetId, string Address, Guid HolderId, string HolderKind,
    string By, DateTimeOffset At, string? TenantId = null);

/// <summary>One address a holder asks for on a network: from a subnet, a given address, or the address on that subnet.</summary>
public sealed record AddressRequest(Guid? SubnetId, IPAddress? Address);

/// <summary>The outcome of giving a holder its addresses on a network: the addresses, or why not (and for which request,
/// on which subnet, when it came that far).</summary>
public sealed record NetworkAddresses(IReadOnlyList<FixedIp> FixedIps, AllocationOutcome Outcome, Subnet? FailedSubnet,
    AddressRequest? FailedRequest = null)
{
    public bool Succeeded => Outcome == AllocationOutcome.Allocated;
}

/// <summary>
/// Gives a holder (a port, a virtual interface) one address on each subnet of a network, or exactly the
/// requested one on the subnet that contains it, and records each in the address's stream. All or nothing:
/// the caller's transaction is not committed when this fails, so no lease of a failed attempt survives.
/// </summary>
/// <remarks>
/// Not in the network's stream (issue 18): its row was one every assignment and release on the network had to lock
/// until COMMIT, so a network's address changes queued on it. An address's stream takes appends only from its lease's
/// winner or holder, so they never race.
/// </remarks>
public static class NetworkAddressing
{
    public static Task<NetworkAddresses> AllocateAsync(IDocumentSession session, AddressAllocator allocator, Network network,
        AddressHolder holder, Caller caller, IPAddress? requested, DateTimeOffset now, CancellationToken ct) =>
        AllocateAsync(session, allocator, network, holder, caller, requested is null ? null : [new AddressRequest(null, requested)], now, ct);

    /// <summary>
    /// Neutron's <c>fixed_ips</c>: null gives one address on each subnet of the network; otherwise one address per request,
    /// from its subnet, the address asked for (on the subnet that holds it), or both. A subnet that is not the network's
    /// fails as <see cref="AllocationOutcome.OutsideBlock"/> with no <see cref="NetworkAddresses.FailedSubnet"/>.
    /// </summary>
    public static async Task<NetworkAddresses> AllocateAsync(IDocumentSession session, AddressAllocator allocator, Network network,
        AddressHolder holder, Caller caller, IReadOnlyList<AddressRequest>? requests, DateTimeOffset now, CancellationToken ct)
    {
        requests ??= network.Subnets.Select(s => new AddressRequest(s.Id, null)).ToList();
        var fixedIps = new List<FixedIp>();
        foreach (var request in requests)
        {
            var subnet = request.SubnetId is { } subnetId
                ? network.Subnets.FirstOrDefault(s => s.Id == subnetId)
                : network.Subnets.FirstOrDefault(s => s.Block().Check(request.Address!) != AddressCheck.OutsideBlock);
            if (subnet is null) return new(fixedIps, AllocationOutcome.OutsideBlock, null, request);
            var allocation = await allocator.AllocateAsync(subnet.IpamScope, subnet.Block(), holder.Id, caller.TenantId, request.Address, ct);
            if (!allocation.Succeeded) return new(fixedIps, allocation.Outcome, subnet, request);
            await RecordAssignedAsync(session, network.NetworkId, subnet.Id, allocation.Address!, holder, caller, now, ct);
            fixedIps.Add(new FixedIp(subnet.Id, allocation.Address!.ToString(), subnet.Version));
        }
        return new(fixedIps, AllocationOutcome.Allocated, null);
    }

    public static async Task ReleaseAsync(IDocumentSession session, AddressAllocator allocator, Guid networkId, AddressHolder holder,
        IEnumerable<FixedIp> fixedIps, Caller caller, DateTimeOffset now, CancellationToken ct)
    {
        foreach (var ip in fixedIps)
        {
            var address = IPAddress.Parse(ip.Address);
            if (await allocator.ReleaseAsync(Subnet.ScopeOf(ip.SubnetId), address, holder.Id, ct))
                await RecordReleasedAsync(session, networkId, ip.SubnetId, address, holder, caller, now, ct);
        }
    }

    /// <summary>Records the assignment in the address's own stream.</summary>
    public static Task RecordAssignedAsync(IDocumentSession session, Guid networkId, Guid subnetId, IPAddress address,
        AddressHolder holder, Caller caller, DateTimeOffset now, CancellationToken ct)
    {
        var assigned = new NetworkAddressAssigned(networkId, subnetId, address.ToString(), holder.Id, holder.Kind, holder.DeviceId,
            caller.TenantId, caller.UserName, now);
        session.Events.Append(AddressStreams.IdOf(networkId, address), assigned);
        return Task.CompletedTask;
    }

    public static Task RecordReleasedAsync(IDocumentSession session, Guid networkId, Guid subnetId, IPAddress address,
        AddressHolder holder, Caller caller, DateTimeOffset now, CancellationToken ct)
    {
        var released = new NetworkAddressReleased(networkId, subnetId, address.ToString(), holder.Id, holder.Kind, caller.UserName, now,
            caller.TenantId);
        session.Events.Append(AddressStreams.IdOf(networkId, address), released);
        return Task.CompletedTask;
    }
}

/// <summary>
/// One stream per address of a network, holding every assignment and release of that address: its whole
/// history of holders. The id is derived from the network and the address, so it needs no lookup. Only the
/// current holder can release and only a lease winner assigns, so appends to it never race.
/// </summary>
public static class AddressStreams
{
    public static Guid IdOf(Guid networkId, IPAddress address) => NameBasedIds.Of($"address:{networkId}/{address}");
}
