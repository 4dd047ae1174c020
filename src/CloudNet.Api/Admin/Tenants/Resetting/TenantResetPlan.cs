using CloudNet.Compute.FloatingIps;
using CloudNet.Compute.Keypairs;
using CloudNet.Compute.Servers;
using CloudNet.Networks;
using CloudNet.Networks.Ports;
using CloudNet.Networks.Routers;
using CloudNet.Networks.SecurityGroups;
using CloudNet.Networks.SharedIps;
using CloudNet.Vpc.PrivateIps;
using CloudNet.Vpc.Vpcs;

namespace CloudNet.Admin.Tenants.Resetting;

/// <summary>Everything a tenant holds now, as its read models show it.</summary>
public sealed record TenantResources(IReadOnlyList<Server> Servers, IReadOnlyList<FloatingIp> FloatingIps, IReadOnlyList<SharedIp> SharedIps,
    IReadOnlyList<PrivateIp> PrivateIps, IReadOnlyList<Network> Networks, IReadOnlyList<Vpc.Vpcs.Vpc> Vpcs, IReadOnlyList<Port> Ports)
{
    /// <summary>The keypairs of the tenant's users.</summary>
    public IReadOnlyList<Keypair> Keypairs { get; init; } = [];

    public IReadOnlyList<Router> Routers { get; init; } = [];

    public IReadOnlyList<SecurityGroup> SecurityGroups { get; init; } = [];

    public int Count => Servers.Count + FloatingIps.Count + SharedIps.Count + PrivateIps.Count + Networks.Count + Vpcs.Count + Ports.Count
        + Keypairs.Count + Routers.Count + SecurityGroups.Count;
}

/// <summary>
/// Pure: the events that end every resource of a tenant, per stream and in order — the same events the
/// tenant's own deletes would have appended (a server's floating and shared IPs let go in their streams, its
/// addresses released in the networks' and addresses' streams, its ports deleted and its interfaces detached, then the
/// server deleted; then the tenant's other ports deleted (routers' interfaces among them), floating, shared and private IPs
/// released, routers (their gateway addresses released), security groups, networks, VPCs and keypairs deleted). History keeps
/// all of it. An admin's quotas for the tenant stay: they are the test's set-up, as fault rules are.
/// </summary>
public static class TenantResetPlan
{
    public static IReadOnlyDictionary<Guid, List<object>> For(TenantResources resources, string by, DateTimeOffset now)
    {
        var plan = new Dictionary<Guid, List<object>>();
        void Add(Guid stream, object e)
        {
            if (!plan.TryGetValue(stream, out var events)) plan[stream] = events = [];
            events.Add(e);
        }
        void Released(Guid networkId, Guid subnetId, string address, Guid holderId, string holderKind, string tenantId)
        {
            var released = new NetworkAddressReleased(networkId, subnetId, address, holderId, holderKind, by, now, tenantId);
            Add(AddressStreams.IdOf(networkId, System.Net.IPAddress.Parse(address)), released);
        }

        var floating = resources.FloatingIps.ToDictionary(f => f.Id);
        var disassociated = new HashSet<Guid>();
        var shared = resources.SharedIps.ToDictionary(s => s.Id);
        var ports = resources.Ports.ToDictionary(p => p.Id);
        var portsEnded = new HashSet<Guid>();
        foreach (var server in resources.Servers)
        {
            foreach (var attached in server.FloatingIps)
                if (floating.TryGetValue(attached.FloatingIpId, out var ip) && ip.InstanceId == server.Id && disassociated.Add(ip.Id))
                    Add(ip.Id, new FloatingIpDisassociated(ip.Id, server.Id, by, now));
            foreach (var association in server.IpAssociations)
                if (shared.TryGetValue(association.IpAddressId, out var ip) && ip.AssociatedServers.Contains(server.Id))
                    Add(ip.Id, new IpDisassociated(ip.Id, server.Id, by, now));
            // Networks in id order, as every command takes them.
            foreach (var port in server.Ports.OrderBy(p => p.NetworkId))
                foreach (var fixedIp in port.FixedIps)
                    Released(port.NetworkId, fixedIp.SubnetId, fixedIp.Address, port.PortId,
                        port.Preserve ? AddressHolder.Port : AddressHolder.ServerPort, server.TenantId);
            foreach (var port in server.Ports)
            {
                // A port recorded before ports had streams has none to end.
                if (ports.ContainsKey(port.PortId) && portsEnded.Add(port.PortId))
                    Add(port.PortId, new PortDeleted(port.PortId, port.NetworkId, server.TenantId, by, now));
                Add(server.Id, new VirtualInterfaceDetached(server.Id, port.PortId, port.NetworkId, by, now));
            }
            Add(server.Id, new ServerDeleted(server.Id, by, now));
        }
        foreach (var port in resources.Ports.Where(p => !portsEnded.Contains(p.Id)).OrderBy(p => p.NetworkId))
        {
            foreach (var fixedIp in port.FixedIps)
                Released(port.NetworkId, fixedIp.SubnetId, fixedIp.Address, port.Id, port.HolderKind, port.TenantId);
            Add(port.Id, new PortDeleted(port.Id, port.NetworkId, port.TenantId, by, now));
        }
        foreach (var ip in resources.FloatingIps)
        {
            if (ip.IsAssociated && disassociated.Add(ip.Id)) Add(ip.Id, new FloatingIpDisassociated(ip.Id, ip.InstanceId, by, now));
            Add(ip.Id, new FloatingIpReleased(ip.Id, ip.Pool, ip.Address, by, now));
        }
        foreach (var ip in resources.SharedIps)
        {
            Released(ip.NetworkId, ip.SubnetId, ip.Address, ip.Id, AddressHolder.SharedIp, ip.TenantId);
            Add(ip.Id, new IpAddressDeallocated(ip.Id, ip.NetworkId, ip.SubnetId, ip.Address, by, now));
        }
        foreach (var ip in resources.PrivateIps)
        {
            Released(ip.NetworkId, ip.SubnetId, ip.Address, ip.Id, AddressHolder.PrivateIp, ip.TenantId);
            Add(ip.Id, new PrivateIpReleased(ip.Id, ip.NetworkId, ip.SubnetId, ip.Address, by, now));
        }
        foreach (var router in resources.Routers)
        {
            // Its interfaces' ports ended above, with the tenant's other ports; its gateway's addresses go back to their pool.
            foreach (var plugged in router.Interfaces) Add(router.Id, new RouterInterfaceRemoved(router.Id, plugged.PortId, by, now));
            if (router.Gateway is { } gateway)
                foreach (var ip in gateway.ExternalFixedIps)
                    Add(RouterGateways.StreamOf(gateway.NetworkId, ip.Address), RouterGateways.Released(gateway, ip, router.TenantId, by, now));
            Add(router.Id, new RouterDeleted(router.Id, router.TenantId, by, now));
        }
        foreach (var group in resources.SecurityGroups)
            Add(group.Id, new SecurityGroupDeleted(group.Id, group.TenantId, by, now));
        foreach (var network in resources.Networks.Where(n => !n.IsProvider))
            Add(NetworkKeys.StreamId(network.NetworkId), new NetworkDeleted(network.NetworkId, by, now));
        foreach (var vpc in resources.Vpcs)
            Add(vpc.Id, new VpcDeleted(vpc.Id, by, now));
        foreach (var keypair in resources.Keypairs)
            Add(keypair.Id, new KeypairDeleted(keypair.Id, keypair.Name, by, now));
        return plan;
    }
}
