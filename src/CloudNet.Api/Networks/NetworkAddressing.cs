using System.Net;
using CloudNet.Identity;
using CloudNet.Ipam;
using Marten;

namespace CloudNet.Networks;

/// <summary>Who holds an address: a server's port, a private IP, a virtual interface… and the device behind it.</summary>
public sealed record AddressHolder(Guid Id, string Kind, Guid? DeviceId = null)
{
    public const string ServerPort = "server-port";
    public const string PrivateIp = "private-ip";
    public const string SharedIp = "shared-ip";
}

/// <summary>An address of the network was given to a holder. In the network's stream and the address's own
/// (<see cref="AddressStreams"/>), so that history answers "who held this address, from when to when".</summary>
public sealed record NetworkAddressAssigned(Guid NetworkId, Guid SubnetId, string Address, Guid HolderId, string HolderKind,
    Guid? DeviceId, string TenantId, string By, DateTimeOffset At);

/// <remarks><c>TenantId</c> came later: events recorded before it have none (history then treats the holder as unknown).</remarks>
public sealed record NetworkAddressReleased(Guid NetworkId, Guid SubnetId, string Address, Guid HolderId, string HolderKind,
    string By, DateTimeOffset At, string? TenantId = null);

/// <summary>The outcome of giving a holder its addresses on a network: the addresses, or why not.</summary>
public sealed record NetworkAddresses(IReadOnlyList<FixedIp> FixedIps, AllocationOutcome Outcome, Subnet? FailedSubnet)
{
    public bool Succeeded => Outcome == AllocationOutcome.Allocated;
}

/// <summary>
/// Gives a holder (a port, a virtual interface) one address on each subnet of a network, or exactly the
/// requested one on the subnet that contains it, and records each in the network's stream. All or nothing:
/// the caller's transaction is not committed when this fails, so no lease of a failed attempt survives.
/// </summary>
/// <remarks>
/// The network's snapshot ignores these events, so Marten does not rewrite it for them. Concurrent appends to
/// the network's stream queue on its row, locked before each append (<see cref="NetworkLocks.Stream"/>).
/// Callers take networks in one order (by id), so those row locks cannot be taken in a cycle.
/// </remarks>
public static class NetworkAddressing
{
    public static async Task<NetworkAddresses> AllocateAsync(IDocumentSession session, AddressAllocator allocator, Network network,
        AddressHolder holder, Caller caller, IPAddress? requested, DateTimeOffset now, CancellationToken ct)
    {
        var subnets = network.Subnets.Select(s => (Subnet: s, Block: s.Block())).ToList();
        if (requested is not null)
        {
            var match = subnets.FirstOrDefault(s => s.Block.Check(requested) != AddressCheck.OutsideBlock);
            if (match.Subnet is null) return new([], AllocationOutcome.OutsideBlock, null);
            subnets = [match];
        }

        var fixedIps = new List<FixedIp>();
        foreach (var (subnet, block) in subnets)
        {
            var allocation = await allocator.AllocateAsync(subnet.IpamScope, block, holder.Id, caller.TenantId, requested, ct);
            if (!allocation.Succeeded) return new(fixedIps, allocation.Outcome, subnet);
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

    /// <summary>Records the assignment in the network's stream (locked first, see <see cref="NetworkLocks.Stream"/>)
    /// and in the address's own stream.</summary>
    public static async Task RecordAssignedAsync(IDocumentSession session, Guid networkId, Guid subnetId, IPAddress address,
        AddressHolder holder, Caller caller, DateTimeOffset now, CancellationToken ct)
    {
        NetworkLocks.Stream(session, networkId);
        var assigned = new NetworkAddressAssigned(networkId, subnetId, address.ToString(), holder.Id, holder.Kind, holder.DeviceId,
            caller.TenantId, caller.UserName, now);
        session.Events.Append(NetworkKeys.StreamId(networkId), assigned);
        session.Events.Append(AddressStreams.IdOf(networkId, address), assigned);
    }

    public static async Task RecordReleasedAsync(IDocumentSession session, Guid networkId, Guid subnetId, IPAddress address,
        AddressHolder holder, Caller caller, DateTimeOffset now, CancellationToken ct)
    {
        NetworkLocks.Stream(session, networkId);
        var released = new NetworkAddressReleased(networkId, subnetId, address.ToString(), holder.Id, holder.Kind, caller.UserName, now,
            caller.TenantId);
        session.Events.Append(NetworkKeys.StreamId(networkId), released);
        session.Events.Append(AddressStreams.IdOf(networkId, address), released);
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
