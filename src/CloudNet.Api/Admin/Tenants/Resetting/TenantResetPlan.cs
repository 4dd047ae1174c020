using CloudNet.Compute.FloatingIps;
using CloudNet.Compute.Keypairs;
using CloudNet.Compute.Servers;
using CloudNet.Networks;
using CloudNet.Networks.SharedIps;
using CloudNet.Vpc.PrivateIps;
using CloudNet.Vpc.Vpcs;

namespace CloudNet.Admin.Tenants.Resetting;

/// <summary>Everything a tenant holds now, as its read models show it.</summary>
public sealed record TenantResources(IReadOnlyList<Server> Servers, IReadOnlyList<FloatingIp> FloatingIps, IReadOnlyList<SharedIp> SharedIps,
    IReadOnlyList<PrivateIp> PrivateIps, IReadOnlyList<Network> Networks, IReadOnlyList<Vpc.Vpcs.Vpc> Vpcs)
{
    /// <summary>The keypairs of the tenant's users.</summary>
    public IReadOnlyList<Keypair> Keypairs { get; init; } = [];

    public int Count => Servers.Count + FloatingIps.Count + SharedIps.Count + PrivateIps.Count + Networks.Count + Vpcs.Count + Keypairs.Count;
}

/// <summary>
/// Pure: the events that end every resource of a tenant, per stream and in order — the same events the
/// tenant's own deletes would have appended (a server's floating and shared IPs let go in their streams, its
/// addresses released in the networks' and addresses' streams, its interfaces detached, then the server
/// deleted; then floating, shared and private IPs released, networks, VPCs and keypairs deleted). History keeps all of
/// it. An admin's quotas for the tenant stay: they are the test's set-up, as fault rules are.
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
            Add(NetworkKeys.StreamId(networkId), released);
            Add(AddressStreams.IdOf(networkId, System.Net.IPAddress.Parse(address)), released);
        }

        var floating = resources.FloatingIps.ToDictionary(f => f.Id);
        var shared = resources.SharedIps.ToDictionary(s => s.Id);
        foreach (var server in resources.Servers)
        {
            foreach (var attached in server.FloatingIps)
                if (floating.TryGetValue(attached.FloatingIpId, out var ip) && ip.InstanceId == server.Id)
                    Add(ip.Id, new FloatingIpDisassociated(ip.Id, server.Id, by, now));
            foreach (var association in server.IpAssociations)
                if (shared.TryGetValue(association.IpAddressId, out var ip) && ip.AssociatedServers.Contains(server.Id))
                    Add(ip.Id, new IpDisassociated(ip.Id, server.Id, by, now));
            // Networks in id order, as every command takes them.
            foreach (var port in server.Ports.OrderBy(p => p.NetworkId))
                foreach (var fixedIp in port.FixedIps)
                    Released(port.NetworkId, fixedIp.SubnetId, fixedIp.Address, port.PortId, AddressHolder.ServerPort, server.TenantId);
            foreach (var port in server.Ports)
                Add(server.Id, new VirtualInterfaceDetached(server.Id, port.PortId, port.NetworkId, by, now));
            Add(server.Id, new ServerDeleted(server.Id, by, now));
        }
        foreach (var ip in resources.FloatingIps)
            Add(ip.Id, new FloatingIpReleased(ip.Id, ip.Pool, ip.Address, by, now));
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
        foreach (var network in resources.Networks.Where(n => !n.IsShared))
            Add(NetworkKeys.StreamId(network.NetworkId), new NetworkDeleted(network.NetworkId, by, now));
        foreach (var vpc in resources.Vpcs)
            Add(vpc.Id, new VpcDeleted(vpc.Id, by, now));
        foreach (var keypair in resources.Keypairs)
            Add(keypair.Id, new KeypairDeleted(keypair.Id, keypair.Name, by, now));
        return plan;
    }
}
