using CloudNet.Compute.FloatingIps;
using CloudNet.Errors;

namespace CloudNet.Vpc.PublicIps;

/// <summary>The documented EIP codes (VPC API reference, error codes "Assigning/Querying/Updating/Releasing an EIP").</summary>
public static class PublicIpErrors
{
    public static Rejection Invalid(string message) => Rejection.BadRequest(message, "VPC.0501");

    public static Rejection InvalidBandwidth(string message) => Rejection.BadRequest(message, "VPC.0301");

    public static Rejection NotFound(string id) => Rejection.NotFound($"Floating IP {id} could not be found.", "VPC.0504");

    public static Rejection AlreadyBound(PublicIp ip) => Rejection.Conflict(
        $"EIP has already been bound to a port: {ip.Address} is bound to port {ip.PortId}; unbind it first.", "VPC.0510");

    public static Rejection PortAlreadyBound(string portId, string message) =>
        Rejection.Conflict($"The port has already been bound with an EIP: port {portId}. {message}", "VPC.0511");

    public static Rejection BoundOnRelease(PublicIp ip) =>
        Rejection.Conflict($"EIP is bound to a port. Unbind it first: {ip.Address} is bound to port {ip.PortId}.", "VPC.0517");

    /// <summary>An allocation's refusals: quota (one with nova's and Neutron's floating IPs), a full pool, a requested address.</summary>
    public static Func<AllocationRefusal, Rejection> Refusals(string? requested) => refusal => refusal switch
    {
        AllocationRefusal.OverQuota => Rejection.Conflict("Quota exceeded for resources: ['floatingip'].", "VPC.0521"),
        AllocationRefusal.InUse => Rejection.Conflict($"The IP address {requested} is in use.", "VPC.0522"),
        AllocationRefusal.OutsideBlock or AllocationRefusal.Reserved => Invalid($"The IP address {requested} is invalid for this EIP type."),
        _ => Rejection.Conflict("No more IP addresses available on network.", "VPC.0532"),
    };
}
