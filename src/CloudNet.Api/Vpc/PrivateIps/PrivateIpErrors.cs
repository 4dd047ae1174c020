using CloudNet.Errors;

namespace CloudNet.Vpc.PrivateIps;

/// <summary>The documented VPC error codes of the private IP operations (api-surface §C.1; SPEC decisions for 409s).</summary>
public static class PrivateIpErrors
{
    public static Rejection InUse(string address) => Rejection.Conflict($"The IP address {address} is in use.", "VPC.0701");

    public static Rejection InvalidForSubnet(string? address, Guid subnetId) =>
        Rejection.BadRequest($"Invalid IP address {address} for the specified subnet {subnetId}.", "VPC.0705");

    public static Rejection SubnetNotFound(string subnetId) =>
        Rejection.NotFound($"Resource query by ID failed: subnet {subnetId} does not exist or is not yours.", "VPC.2204");

    public static Rejection Exhausted(Guid subnetId) => Rejection.Conflict($"No more IP addresses available on network {subnetId}.", "VPC.0703");

    public static Rejection NotFound(string id) => Rejection.NotFound($"Resource query by ID failed: private IP {id} does not exist.", "VPC.0704");

    public static Rejection BadQuery(string message) => Rejection.BadRequest($"Private IP address query error: {message}", "VPC.0702");

    public static Rejection BadRequest(string message) => Rejection.BadRequest(message, "VPC.0002");
}
