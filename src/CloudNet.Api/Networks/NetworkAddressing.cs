using System.Net;
using CloudNet.Ipam;

namespace CloudNet.Networks;

/// <summary>The outcome of giving a holder its addresses on a network: the addresses, or why not.</summary>
public sealed record NetworkAddresses(IReadOnlyList<FixedIp> FixedIps, AllocationOutcome Outcome, Subnet? FailedSubnet)
{
    public bool Succeeded => Outcome == AllocationOutcome.Allocated;
}

/// <summary>
/// Gives a holder (a port, a virtual interface) one address on each subnet of a network, or exactly the
/// requested one on the subnet that contains it. All or nothing: the caller's transaction is not
/// committed when this fails, so no lease of a failed attempt survives.
/// </summary>
public static class NetworkAddressing
{
    public static async Task<NetworkAddresses> AllocateAsync(AddressAllocator allocator, Network network, Guid holderId,
        string tenantId, IPAddress? requested, CancellationToken ct)
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
            var allocation = await allocator.AllocateAsync(subnet.IpamScope, block, holderId, tenantId, requested, ct);
            if (!allocation.Succeeded) return new(fixedIps, allocation.Outcome, subnet);
            fixedIps.Add(new FixedIp(subnet.Id, allocation.Address!.ToString(), subnet.Version));
        }
        return new(fixedIps, AllocationOutcome.Allocated, null);
    }

    public static async Task ReleaseAsync(AddressAllocator allocator, Guid holderId, IEnumerable<FixedIp> fixedIps, CancellationToken ct)
    {
        foreach (var ip in fixedIps)
            await allocator.ReleaseAsync($"subnet:{ip.SubnetId}", IPAddress.Parse(ip.Address), holderId, ct);
    }
}
