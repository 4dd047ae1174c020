using CloudNet.Errors;
using CloudNet.Ipam;
using CloudNet.Networks;

namespace CloudNet.Vpc.Ports;

/// <summary>
/// The refusals of Huawei's port routes, in the VPC family's codes. Huawei's private IPs are ports, so a port's address
/// errors are the private IP ones (<c>VPC.0701</c> in use, <c>VPC.0705</c> not the subnet's, <c>VPC.0703</c> none left,
/// <c>VPC.2204</c> no such subnet); a missing port is <c>VPC.0704</c> ("Resource query by ID failed"). Neutron's port rules
/// (allowed address pairs, port security) are shared with <c>/v2.0/ports</c>: their refusals keep Neutron's message and
/// take this family's code for their status.
/// </summary>
public static class HuaweiPortErrors
{
    public static Rejection NotFound(string portId) => Rejection.NotFound($"Resource query by ID failed: port {portId} does not exist.", "VPC.0704");

    public static Rejection Invalid(string message) => Rejection.BadRequest(message, "VPC.0002");

    public static Rejection NetworkNotFound(string networkId) =>
        Rejection.NotFound($"Resource query by ID failed: network {networkId} does not exist or is not yours.", "VPC.2204");

    public static Rejection OverQuota => Rejection.Conflict("Quota exceeded for resources: ['port'].", "VPC.9905");

    public static Rejection InUse(Networks.Ports.Port port) => Rejection.Conflict(
        $"Port {port.Id} is in use by device {port.Attributes.DeviceId} ({port.Attributes.DeviceOwner}): only a port without a device, " +
        "or a virtual IP's port (neutron:VIP_PORT), may be deleted.", "VPC.0706");

    /// <summary>Why IPAM gave the port no address, as a private IP's assignment would be refused.</summary>
    public static Rejection AddressingRefused(NetworkAddresses failure, Network network)
    {
        var address = failure.FailedRequest?.Address?.ToString();
        return failure.Outcome switch
        {
            AllocationOutcome.InUse => Rejection.Conflict($"The IP address {address} is in use.", "VPC.0701"),
            AllocationOutcome.Reserved when failure.FailedSubnet?.Gateway == address => Rejection.Conflict($"The IP address {address} is in use.", "VPC.0701"),
            AllocationOutcome.OutsideBlock or AllocationOutcome.Reserved => Rejection.BadRequest(
                $"Invalid IP address {address} for the specified subnet of network {network.NetworkId}.", "VPC.0705"),
            _ => Rejection.Conflict($"No more IP addresses available on network {network.NetworkId}.", "VPC.0703"),
        };
    }

    /// <summary>The security groups a port names must be the project's: Huawei's 404 <c>VPC.0603</c> otherwise.</summary>
    public static async Task<T> SecurityGroupsInHuaweiTermsAsync<T>(Func<Task<T>> check)
    {
        try
        {
            return await check();
        }
        catch (Rejection e) when (e.Code == "SecurityGroupNotFound")
        {
            throw Rejection.NotFound(e.Message, "VPC.0603");
        }
    }

    public static void InHuaweiTerms(Action rule) => InHuaweiTerms(() =>
    {
        rule();
        return true;
    });

    /// <summary>Runs one of Neutron's port rules; its refusal keeps the message and takes this family's code for its status.</summary>
    public static T InHuaweiTerms<T>(Func<T> rule)
    {
        try
        {
            return rule();
        }
        catch (Rejection e) when (e.Code is null || !e.Code.StartsWith("VPC.", StringComparison.Ordinal))
        {
            throw new Rejection(e.Kind, e.Message, e.Kind == RejectionKind.BadRequest ? "VPC.0002" : null);
        }
    }
}
