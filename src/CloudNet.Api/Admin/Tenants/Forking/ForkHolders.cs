using System.Net;
using CloudNet.Compute.FloatingIps;
using CloudNet.Compute.FloatingIps.Pools;
using CloudNet.Compute.Servers;
using CloudNet.Identity;
using CloudNet.Ipam;
using CloudNet.Networks;
using CloudNet.Networks.FloatingIps;
using CloudNet.Networks.SharedIps;
using CloudNet.Vpc.PrivateIps;
using Marten;

namespace CloudNet.Admin.Tenants.Forking;

/// <summary>
/// Gives the fork's resources the addresses the originals held at the fork's point: the same address in the fork's
/// own copy of a tenant network, the same one on a shared network or pool when it is free now, another one when it
/// is not (recorded in the rewrite, so the copied events carry it). Networks are taken in id order, each scope
/// then its stream, as every command takes them.
/// </summary>
public sealed class ForkHolders(IDocumentSession session, FloatingIpPools pools, ForkRewrite rewrite, Caller fork, DateTimeOffset now)
{
    sealed record Need(Guid NetworkId, Guid? SubnetId, string Address, Guid HolderId, string HolderKind, Guid? DeviceId);

    readonly List<(Guid NetworkId, Guid SubnetId, IPAddress Address, AddressHolder Holder)> tenantNetworkAssignments = [];

    public async Task TakeAddressesAsync(IReadOnlyList<SourceStream> source, CancellationToken ct)
    {
        var allocator = await session.AddressAllocatorAsync(ct);
        var networks = new Dictionary<Guid, Network>();
        var needs = new List<Need>();
        // A server's ports have streams of their own (but those recorded before ports had them): their addresses are needed once.
        var portStreams = source.Where(s => s.Kind == "port_created").Select(s => s.StreamId).ToHashSet();
        foreach (var stream in source)
        {
            switch (stream.Kind)
            {
                case "network_created":
                    if (await session.Events.AggregateStreamAsync<Network>(stream.StreamId, stream.Version, token: ct) is { } network)
                        networks[network.NetworkId] = network;
                    break;
                case "floating_ip_allocated":
                    var ip = (await session.Events.AggregateStreamAsync<FloatingIp>(stream.StreamId, stream.Version, token: ct))!;
                    needs.Add(new Need(FloatingIpPool.NetworkIdOf(ip.Pool), null, ip.Address, ip.Id, "floating-ip", null));
                    break;
                case "server_created":
                    var server = (await session.Events.AggregateStreamAsync<Server>(stream.StreamId, stream.Version, token: ct))!;
                    needs.AddRange(server.Ports.Where(p => !portStreams.Contains(p.PortId)).SelectMany(p => p.FixedIps.Select(f =>
                        new Need(p.NetworkId, f.SubnetId, f.Address, p.PortId, AddressHolder.ServerPort, server.Id))));
                    break;
                case "router_created":
                    var router = await session.Events.AggregateStreamAsync<Networks.Routers.Router>(stream.StreamId, stream.Version, token: ct);
                    if (router?.Gateway is { } gateway)
                        needs.AddRange(gateway.ExternalFixedIps.Select(f =>
                            new Need(gateway.NetworkId, null, f.Address, gateway.PortId, AddressHolder.Router, router.Id)));
                    break;
                case "port_created":
                    var port = (await session.Events.AggregateStreamAsync<Networks.Ports.Port>(stream.StreamId, stream.Version, token: ct))!;
                    needs.AddRange(port.FixedIps.Select(f =>
                        new Need(port.NetworkId, f.SubnetId, f.Address, port.Id, port.HolderKind, port.ServerId ?? port.RouterId)));
                    break;
                case "ip_address_provisioned":
                    var shared = (await session.Events.AggregateStreamAsync<SharedIp>(stream.StreamId, stream.Version, token: ct))!;
                    needs.Add(new Need(shared.NetworkId, shared.SubnetId, shared.Address, shared.Id, AddressHolder.SharedIp, null));
                    break;
                case "private_ip_assigned":
                    var privateIp = (await session.Events.AggregateStreamAsync<PrivateIp>(stream.StreamId, stream.Version, token: ct))!;
                    needs.Add(new Need(privateIp.NetworkId, privateIp.SubnetId, privateIp.Address, privateIp.Id, AddressHolder.PrivateIp, null));
                    break;
            }
        }

        foreach (var group in needs.GroupBy(n => rewrite.Mapped(n.NetworkId)).OrderBy(g => g.Key))
        {
            foreach (var need in group)
            {
                var holderId = rewrite.Mapped(need.HolderId);
                if (need.SubnetId is null)
                {
                    var pool = pools.All.FirstOrDefault(p => p.NetworkId == need.NetworkId)
                        ?? throw Errors.Rejection.Conflict($"Floating IP pool of {need.Address} is no longer configured.", "PoolGone");
                    var taken = await TakeAsync(allocator, pool.IpamScope, pool.Block, need.Address, holderId, ct);
                    // A floating IP's holding is its copied allocation; a router's gateway is held in the address's own stream.
                    if (need.HolderKind == AddressHolder.Router)
                        session.Events.Append(AddressStreams.IdOf(pool.NetworkId, taken), new NetworkAddressAssigned(pool.NetworkId,
                            ExternalNetworks.SubnetIdOf(pool), taken.ToString(), holderId, need.HolderKind, rewrite.Mapped(need.DeviceId!.Value),
                            fork.TenantId, fork.UserName, now));
                    continue;
                }
                var copied = networks.TryGetValue(need.NetworkId, out var own);
                var network = own ?? (await session.LoadAsync<Network>(NetworkKeys.StreamId(need.NetworkId), ct)).Is(need.NetworkId)
                    ?? throw Errors.Rejection.Conflict($"Network {need.NetworkId} no longer exists.", "NetworkGone");
                var subnet = network.Subnets.FirstOrDefault(s => s.Id == need.SubnetId)
                    ?? throw Errors.Rejection.Conflict($"Subnet {need.SubnetId} no longer exists.", "SubnetGone");
                var subnetId = rewrite.Mapped(subnet.Id);
                // A router's interface holds the subnet's gateway address, which the subnet's block keeps from everything else.
                var block = need.Address == subnet.Gateway ? AddressBlock.Parse(subnet.Cidr) : subnet.Block();
                var address = await TakeAsync(allocator, Subnet.ScopeOf(subnetId), block, need.Address, holderId, ct);
                var holder = new AddressHolder(holderId, need.HolderKind, need.DeviceId is { } device ? rewrite.Mapped(device) : null);
                if (copied) tenantNetworkAssignments.Add((rewrite.Mapped(need.NetworkId), subnetId, address, holder));
                else await NetworkAddressing.RecordAssignedAsync(session, need.NetworkId, subnetId, address, holder, fork, now, ct);
            }
        }
    }

    /// <summary>Records the holders on the fork's own networks, once their copied streams are started.</summary>
    public async Task RecordOnCopiedNetworksAsync(CancellationToken ct)
    {
        foreach (var (networkId, subnetId, address, holder) in tenantNetworkAssignments)
            await NetworkAddressing.RecordAssignedAsync(session, networkId, subnetId, address, holder, fork, now, ct);
    }

    async Task<IPAddress> TakeAsync(AddressAllocator allocator, string scope, AddressBlock block, string address, Guid holderId, CancellationToken ct)
    {
        var wanted = IPAddress.Parse(address);
        var same = await allocator.AllocateAsync(scope, block, holderId, fork.TenantId, wanted, ct);
        if (same.Succeeded) return same.Address!;
        var other = await allocator.AllocateAsync(scope, block, holderId, fork.TenantId, null, ct);
        if (!other.Succeeded) throw Errors.Rejection.Conflict($"No address is free in {scope} for the fork's copy of {address}.", "ForkExhausted");
        rewrite.Readdress(address, other.Address!.ToString());
        return other.Address!;
    }
}
