using System.Net;
using CloudNet.Identity;
using CloudNet.Ipam;
using CloudNet.Networks;
using CloudNet.Vpc.PrivateIps.Assigning;

namespace CloudNet.Vpc.PrivateIps;

public sealed record ValidatedPrivateIpRequest(Guid NetworkId, IPAddress? Address);

/// <summary>The items of a batch on one network: indexes of the automatic ones (request order), then of the requested ones.</summary>
public sealed record NetworkBatch(Guid NetworkId, IReadOnlyList<int> Automatic, IReadOnlyList<int> Requested);

/// <summary>The private IP rules of Huawei's VPC API, as pure functions.</summary>
public static class PrivateIpRules
{
    public static IReadOnlyList<ValidatedPrivateIpRequest> Validate(IReadOnlyList<PrivateIpRequest?>? items)
    {
        if (items is null || items.Count == 0)
            throw PrivateIpErrors.BadRequest("privateips is required: a list of {\"subnet_id\", \"ip_address\"?} objects.");
        if (items.Count > AssignPrivateIpsEndpoint.MaxBatch)
            throw PrivateIpErrors.BadRequest($"A batch holds at most {AssignPrivateIpsEndpoint.MaxBatch} private IPs; this one has {items.Count}.");
        return items.Select(item =>
        {
            if (item is null || string.IsNullOrWhiteSpace(item.SubnetId))
                throw PrivateIpErrors.BadRequest("subnet_id is required for every private IP.");
            if (!Guid.TryParse(item.SubnetId, out var networkId)) throw PrivateIpErrors.SubnetNotFound(item.SubnetId);
            IPAddress? address = null;
            if (item.IpAddress is not null && !IpText.TryParseAddress(item.IpAddress, out address))
                throw PrivateIpErrors.InvalidForSubnet(item.IpAddress, networkId);
            return new ValidatedPrivateIpRequest(networkId, address);
        }).ToList();
    }

    /// <summary>
    /// How a batch is allocated: network by network, in one global order (by id). On each network the endpoint leases
    /// the requested addresses first, in address order, so that two batches asking for the same addresses lease them in
    /// one order; the automatic items, in request order, then get the addresses around them. Indexes point into
    /// <paramref name="items"/>; the answer keeps the request's order.
    /// </summary>
    public static IReadOnlyList<NetworkBatch> ByNetwork(IReadOnlyList<ValidatedPrivateIpRequest> items) =>
        items.Select((item, index) => (item, index))
            .GroupBy(x => x.item.NetworkId)
            .OrderBy(g => g.Key)
            .Select(g => new NetworkBatch(g.Key,
                g.Where(x => x.item.Address is null).Select(x => x.index).ToList(),
                g.Where(x => x.item.Address is not null)
                    .OrderBy(x => x.item.Address!.AddressFamily)
                    .ThenBy(x => x.item.Address!.GetAddressBytes(), AddressBytes.Instance)
                    .ThenBy(x => x.index)
                    .Select(x => x.index).ToList()))
            .ToList();

    sealed class AddressBytes : IComparer<byte[]>
    {
        public static readonly AddressBytes Instance = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }

    /// <summary>
    /// A VPC subnet is one of the caller's own networks (SPEC: tenants' networks "are the VPC subnets"). The shared
    /// well-known networks are not: PublicNet's addresses are not the caller's to take as private IPs, and
    /// <c>/v1/{project}/subnets</c> does not show them either. Anything else answers as a missing subnet.
    /// </summary>
    public static Network VpcSubnet(Network? network, string subnetId) =>
        network is { IsProvider: false } ? network : throw PrivateIpErrors.SubnetNotFound(subnetId);

    /// <summary>The subnet of the network the address comes from: the one containing a requested address,
    /// otherwise the first IPv4 subnet (the first subnet when there is none).</summary>
    public static (Subnet Subnet, AddressBlock Block) SubnetFor(Network network, IPAddress? requested)
    {
        var subnets = network.Subnets.Select(s => (Subnet: s, Block: s.Block())).ToList();
        if (subnets.Count == 0) throw PrivateIpErrors.Exhausted(network.NetworkId);
        if (requested is null)
            return subnets.FirstOrDefault(s => s.Subnet.Version == 4) is { Subnet: not null } v4 ? v4 : subnets[0];
        return subnets.FirstOrDefault(s => s.Block.Check(requested) != AddressCheck.OutsideBlock) is { Subnet: not null } match
            ? match
            : throw PrivateIpErrors.InvalidForSubnet(requested.ToString(), network.NetworkId);
    }

    public static PrivateIpAssigned Assigned(Allocation allocation, Guid id, Network network, Subnet subnet, IPAddress? requested,
        Caller caller, DateTimeOffset now) => allocation.Outcome switch
    {
        AllocationOutcome.Allocated => new PrivateIpAssigned(id, caller.TenantId, network.NetworkId, subnet.Id,
            allocation.Address!.ToString(), caller.UserName, now),
        AllocationOutcome.Exhausted => throw PrivateIpErrors.Exhausted(network.NetworkId),
        AllocationOutcome.InUse => throw PrivateIpErrors.InUse(requested!.ToString()),
        _ => throw PrivateIpErrors.InvalidForSubnet(requested?.ToString(), network.NetworkId),
    };

    /// <summary>Another project's private IP answers exactly as a missing one.</summary>
    public static PrivateIp Visible(PrivateIp? ip, string id, Caller caller) =>
        ip is not null && ip.TenantId == caller.TenantId ? ip : throw PrivateIpErrors.NotFound(id);

    /// <param name="usedBy">The port that uses it as a virtual IP (<see cref="PrivateIpUse"/>), if one does.</param>
    public static PrivateIpReleased Release(PrivateIp ip, Networks.Ports.Port? usedBy, Caller caller, DateTimeOffset now) =>
        usedBy is not null
            ? throw Errors.Rejection.Conflict($"Private IP address {ip.Address} is in use: port {usedBy.Id} has it as a virtual IP " +
                "(allowed_address_pairs); remove it there first.", "VPC.0707")
            : ip.DeviceOwner.Length > 0
                ? throw Errors.Rejection.Conflict($"Private IP address {ip.Address} is in use by {ip.DeviceOwner}.", "VPC.0707")
                : new PrivateIpReleased(ip.Id, ip.NetworkId, ip.SubnetId, ip.Address, caller.UserName, now);

    /// <summary>Huawei's paging (<see cref="HuaweiPaging"/>), its refusal the private IP list's <c>VPC.0702</c>.</summary>
    public static (int Limit, Guid? Marker) Page(string? limit, string? marker) => HuaweiPaging.Page(limit, marker, PrivateIpErrors.BadQuery);
}
