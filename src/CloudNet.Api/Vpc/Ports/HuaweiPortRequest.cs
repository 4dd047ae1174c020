using System.Text.Json;
using CloudNet.Identity;
using CloudNet.Ipam;
using CloudNet.Networks;
using CloudNet.Networks.Ports;

namespace CloudNet.Vpc.Ports;

/// <summary>
/// A Huawei <c>port</c> body read as Neutron reads one (<see cref="NeutronBody"/>, <see cref="PortChanges"/>: the same fields
/// mean the same things), with Huawei's own limits on top: <c>device_owner</c> is <c>""</c> or <c>neutron:VIP_PORT</c>,
/// <c>admin_state_up</c> only true, one fixed IP at most, no <c>0.0.0.0/0</c> address pair. Refusals in this family's codes.
/// </summary>
public static class HuaweiPortRequest
{
    public const string VipOwner = "neutron:VIP_PORT";

    public static readonly string[] CreateFields =
        ["name", "network_id", "admin_state_up", "device_owner", "fixed_ips", "tenant_id", "security_groups", "allowed_address_pairs", "extra_dhcp_opts"];

    public static readonly string[] UpdateFields = ["name", "security_groups", "allowed_address_pairs", "extra_dhcp_opts"];

    public static (Guid NetworkId, PortChanges Changes) Create(JsonElement? port, Caller caller)
    {
        var (body, changes) = Read(port, CreateFields);
        HuaweiPortErrors.InHuaweiTerms(() => NeutronOwnership.EnsureCallersOwn(body, caller));
        var networkId = HuaweiPortErrors.InHuaweiTerms(() => body.Uuid("network_id"))
            ?? throw HuaweiPortErrors.Invalid("network_id is required: the ID of the network (VPC subnet) the port is on.");
        if (changes.AdminStateUp == false) throw HuaweiPortErrors.Invalid("admin_state_up is invalid: only true is supported.");
        if (changes.DeviceOwner is { } owner && owner is not ("" or VipOwner))
            throw HuaweiPortErrors.Invalid($"device_owner '{owner}' is invalid: only \"\" and {VipOwner} are supported.");
        if (changes.FixedIps is { Count: > 1 }) throw HuaweiPortErrors.Invalid("fixed_ips is invalid: a port has one fixed IP address at most.");
        return (networkId, changes);
    }

    public static PortChanges Update(JsonElement? port) => Read(port, UpdateFields).Changes;

    /// <summary>
    /// The fixed IPs to ask IPAM for: Huawei names the subnet by its IPv4 (Neutron) subnet id; the network id (the VPC subnet's
    /// own id, which Huawei's private IPs use) is taken as that subnet too. Null: one address on each of the network's subnets.
    /// </summary>
    public static IReadOnlyList<AddressRequest>? FixedIps(PortChanges changes, Network network) =>
        changes.FixedIps?.Select(f => f.SubnetId == network.NetworkId
                ? f with { SubnetId = Subnets.VpcSubnetLookup.Primary(network)?.Id ?? f.SubnetId }
                : f)
            .ToList();

    static (NeutronBody Body, PortChanges Changes) Read(JsonElement? port, string[] accepted)
    {
        var body = HuaweiPortErrors.InHuaweiTerms(() => NeutronBody.Of("port", port, accepted));
        var changes = HuaweiPortErrors.InHuaweiTerms(() => PortChanges.From(body));
        if (changes.AllowedAddressPairs?.FirstOrDefault(p => IsEverything(p.IpAddress)) is { } everything)
            throw HuaweiPortErrors.Invalid($"allowed_address_pairs is invalid: {everything.IpAddress} is not allowed (use 1.1.1.1/0 to turn the source check off).");
        return (body, changes);
    }

    static bool IsEverything(string pair) =>
        AddressBlock.TryParse(pair, null, out var block, out _) && block!.Network.PrefixLength == 0 && block.Network.BaseAddress.Equals(System.Net.IPAddress.Any)
        && pair.StartsWith("0.0.0.0", StringComparison.Ordinal);
}
