using CloudNet.Compute.FloatingIps;
using CloudNet.Errors;

namespace CloudNet.Networks.FloatingIps;

/// <summary>
/// Neutron's refusals for floating IPs: the exception class name as the <c>NeutronError</c> type and its message,
/// as neutron-lib words them (<c>exceptions/__init__.py</c>, <c>exceptions/l3.py</c>) and neutron's
/// <c>l3_db.py</c> raises them.
/// </summary>
public static class NeutronFloatingIpErrors
{
    /// <summary>neutron-lib <c>BadRequest</c>: "Bad %(resource)s request: %(msg)s."</summary>
    public static Rejection Bad(string message) => NeutronBody.Bad("floatingip", message);

    public static Rejection InvalidInput(string field, string reason) => NeutronBody.InvalidInput(field, reason);

    public static Rejection NotFound(string id) => Rejection.NotFound($"Floating IP {id} could not be found", "FloatingIPNotFound");

    public static Rejection NetworkNotFound(string id) => Rejection.NotFound($"Network {id} could not be found.", "NetworkNotFound");

    public static Rejection PortNotFound(string id) => Ports.PortRules.NotFound(id);

    public static Rejection NotExternal(Guid networkId) => Bad($"Network {networkId} is not a valid external network");

    public static Rejection PortAlreadyAssociated(string address, Guid ipId, Guid portId, string fixedIp, Guid networkId) =>
        Rejection.Conflict($"Cannot associate floating IP {address} ({ipId}) with port {portId} using fixed IP {fixedIp}, " +
            $"as that fixed IP already has a floating IP on external network {networkId}.", "FloatingIPPortAlreadyAssociated");

    /// <summary>This service keeps nova's rule of one floating IP per server (SPEC; openstacksdk relies on it), which
    /// Neutron does not have; a second floating IP on another fixed IP of the same server is refused as taken.</summary>
    public static Rejection ServerAlreadyHasOne(string address, Guid portId, Guid serverId, string existing) =>
        Rejection.Conflict($"Cannot associate floating IP {address} with port {portId}: its server {serverId} already has floating IP " +
            $"{existing}, and this service allows one floating IP per server, as nova does. Disassociate that one first.",
            "FloatingIPPortAlreadyAssociated");

    /// <summary>The refusals of an allocation, in Neutron's words: quota (shared with nova's), a full pool, a requested
    /// address that is taken, outside the pool, or not usable (network or broadcast address).</summary>
    public static Func<AllocationRefusal, Rejection> Refusals(Guid networkId, Guid subnetId, string? requested) => refusal => refusal switch
    {
        AllocationRefusal.OverQuota => Rejection.Conflict("Quota exceeded for resources: ['floatingip'].", "OverQuota"),
        AllocationRefusal.InUse => Rejection.Conflict($"IP address {requested} already allocated in subnet {subnetId}", "IpAddressAlreadyAllocated"),
        AllocationRefusal.OutsideBlock => Rejection.BadRequest(
            $"IP address {requested} is not a valid IP for any of the subnets on the specified network.", "InvalidIpForNetwork"),
        AllocationRefusal.Reserved => Rejection.BadRequest($"IP address {requested} is not a valid IP for the specified subnet.", "InvalidIpForSubnet"),
        _ => Rejection.Conflict($"No more IP addresses available on network {networkId}.", "IpAddressGenerationFailure"),
    };
}
