using CloudNet.Errors;

namespace CloudNet.Networks.SharedIps;

/// <summary>
/// Rackspace's shared IP quotas (quark's defaults, api-surface §B.3 rule 7); OverQuota is a Conflict in
/// Neutron, so 409. Shared IPs per network: PublicNet 5, ServiceNet 0, other networks unlimited. IPs per
/// port (its fixed IP included): PublicNet 6, ServiceNet 1, other networks 5.
/// </summary>
public static class SharedIpQuotas
{
    public static int? SharedIpsPerNetwork(Guid networkId) =>
        networkId == WellKnownNetworks.PublicNet ? 5 : networkId == WellKnownNetworks.ServiceNet ? 0 : null;

    public static int IpsPerPort(Guid networkId) =>
        networkId == WellKnownNetworks.PublicNet ? 6 : networkId == WellKnownNetworks.ServiceNet ? 1 : 5;

    /// <summary>Pure: whether one more shared IP fits, given the tenant's shared IPs on the network and, per
    /// requested port, how many shared IPs it already carries.</summary>
    public static void EnsureRoom(Guid networkId, int sharedIpsOnNetwork, IEnumerable<int> sharedIpsPerRequestedPort)
    {
        if (SharedIpsPerNetwork(networkId) is { } perNetwork && sharedIpsOnNetwork >= perNetwork)
            throw Rejection.Conflict("Quota exceeded for resources: Cannot create more shared IPs on selected network.", "OverQuota");
        // The port's own fixed IP counts as one of its IPs.
        if (sharedIpsPerRequestedPort.Any(count => count + 1 >= IpsPerPort(networkId)))
            throw Rejection.Conflict("Quota exceeded for resources: Cannot add more IPs to port.", "OverQuota");
    }
}
