using System.Globalization;
using CloudNet.Errors;
using CloudNet.Identity;
using CloudNet.Ipam;

namespace CloudNet.Networks.Ports;

/// <summary>
/// Neutron's rules for ports as pure functions: state and request in, events or a rejection out, with neutron-lib's
/// exception names as codes.
/// </summary>
public static class PortRules
{
    /// <summary>Neutron's <c>max_allowed_address_pair</c> default.</summary>
    public const int MaxAllowedAddressPairs = 10;

    /// <summary>Neutron's <c>max_fixed_ips_per_port</c> default.</summary>
    public const int MaxFixedIps = 5;

    static readonly string[] VnicTypes =
    [
        "normal", "direct", "macvtap", "baremetal", "direct-physical", "virtio-forwarder", "smart-nic", "vdpa", "accelerator-direct",
        "accelerator-direct-physical", "remote-managed",
    ];

    public static Rejection NotFound(string portId) => Rejection.NotFound($"Port {portId} could not be found.", "PortNotFound");

    public static Rejection InUse(Port port) => Rejection.Conflict(
        $"Unable to complete operation on port {port.Id} for network {port.NetworkId}. Port already has an attached device {port.Attributes.DeviceId}.",
        "PortInUse");

    /// <summary>A router's interface goes with <c>remove_router_interface</c> (neutron's <c>prevent_l3_port_deletion</c>).</summary>
    public static Rejection RouterPortInUse(Port port) => Rejection.Conflict(
        $"Port {port.Id} cannot be deleted directly via the port API: has device owner {port.Attributes.DeviceOwner}.", "ServicePortInUse");

    /// <summary>A router interface's addresses are the router's: the router holds the subnets they are on.</summary>
    public static Rejection RouterPortAddresses(Port port) => Rejection.Conflict(
        $"Unable to complete operation on port {port.Id} for network {port.NetworkId}. Port is an interface of router {port.RouterId}: " +
        "remove it from the router (remove_router_interface) rather than change its fixed_ips.", "PortInUse");

    public static Rejection MacInUse(Guid networkId, string mac) => Rejection.Conflict(
        $"Unable to complete operation for network {networkId}. The mac address {mac} is in use.", "MacAddressInUse");

    /// <summary>A MAC address as Neutron stores it (lower case, colons), or its 400: 48 bits, neither all zeros, nor
    /// broadcast, nor multicast.</summary>
    public static string Mac(string text)
    {
        var parts = text.Split(':', '-');
        if (parts.Length != 6 || parts.Any(p => p.Length != 2 || !byte.TryParse(p, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out _)))
            throw NeutronBody.InvalidInput("mac_address", $"'{text}' is not a valid MAC address");
        var octets = parts.Select(p => byte.Parse(p, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToArray();
        if (octets.All(o => o == 0) || (octets[0] & 1) == 1)
            throw NeutronBody.InvalidInput("mac_address", $"'{text}' is not a valid unicast MAC address");
        return string.Join(':', octets.Select(o => o.ToString("x2", CultureInfo.InvariantCulture)));
    }

    /// <summary>A new port on <paramref name="network"/>: Neutron's defaults (port security as the network has it) with
    /// the request's attributes, each checked.</summary>
    public static PortCreated Create(Guid portId, Network network, PortChanges changes, string mac, IReadOnlyList<FixedIp> fixedIps,
        Guid? serverId, Caller caller, DateTimeOffset now)
    {
        var attributes = Attributes(PortAttributes.Defaults(network.Attributes.PortSecurityEnabled), changes, mac, fixedIps.Count > 0);
        return new PortCreated(portId, caller.TenantId, network.NetworkId, mac, fixedIps, attributes, serverId, caller.UserName, now);
    }

    /// <summary>
    /// <c>PUT /v2.0/ports/{id}</c> without the addresses (see <see cref="FixedIpChanges"/>): the new attributes, or null when
    /// nothing changes. The MAC is an admin's to change, and then only as Neutron allows (not here); the device of a port a
    /// server of this service holds is nova's (detach the interface, or delete the server).
    /// </summary>
    public static PortUpdated? Update(Port port, PortChanges changes, int fixedIpCount, Caller caller, DateTimeOffset now)
    {
        if (changes.MacAddress is { } mac && Mac(mac) != port.MacAddress)
            throw caller.IsAdmin
                ? NeutronBody.Bad("port", "Changing a port's mac_address is not supported by this service")
                : Rejection.Forbidden("(rule:update_port:mac_address) is disallowed by policy", "PolicyNotAuthorized");
        if ((port.ServerId is not null || port.RouterId is not null)
            && ((changes.DeviceId is { } device && device != port.Attributes.DeviceId)
                || (changes.DeviceOwner is { } owner && owner != port.Attributes.DeviceOwner)))
            throw InUse(port);
        var attributes = Attributes(port.Attributes, changes, port.MacAddress, fixedIpCount > 0);
        return Same(attributes, port.Attributes) ? null : new PortUpdated(port.Id, attributes, caller.UserName, now);
    }

    /// <summary>Neutron's <c>fixed_ips</c> on update: addresses named and held are kept, held ones not named are released, and
    /// every other entry (a new address, or just a subnet) asks IPAM for one.</summary>
    public static (IReadOnlyList<FixedIp> Kept, IReadOnlyList<FixedIp> Released, IReadOnlyList<AddressRequest> Wanted) FixedIpChanges(
        Port port, IReadOnlyList<AddressRequest> requested)
    {
        if (requested.Count > MaxFixedIps)
            throw Rejection.BadRequest($"Exceeded maximum amount of fixed ips per port: {MaxFixedIps}.", "InvalidInput");
        var kept = port.FixedIps.Where(ip => requested.Any(r => r.Address?.ToString() == ip.Address && (r.SubnetId is null || r.SubnetId == ip.SubnetId)))
            .ToList();
        var wanted = requested.Where(r => r.Address is null || kept.All(k => k.Address != r.Address.ToString())).ToList();
        return (kept, port.FixedIps.Except(kept).ToList(), wanted);
    }

    /// <summary>Why IPAM could not give the port its addresses, in Neutron's words.</summary>
    public static Rejection AddressingRefused(NetworkAddresses failure, Network network)
    {
        var request = failure.FailedRequest;
        var address = request?.Address?.ToString();
        var subnet = failure.FailedSubnet;
        return failure.Outcome switch
        {
            AllocationOutcome.OutsideBlock when request?.SubnetId is { } subnetId && subnet is null => Rejection.BadRequest(
                $"Invalid input for operation: Failed to create port on network {network.NetworkId}, because fixed_ips included invalid subnet {subnetId}.",
                "InvalidInput"),
            AllocationOutcome.OutsideBlock when subnet is null => Rejection.BadRequest(
                $"IP address {address} is not a valid IP for any of the subnets on the specified network.", "InvalidIpForNetwork"),
            AllocationOutcome.OutsideBlock => Rejection.BadRequest($"IP address {address} is not a valid IP for the specified subnet.", "InvalidIpForSubnet"),
            AllocationOutcome.Reserved when subnet?.Gateway == address => Rejection.Conflict(
                $"Unable to complete operation for network {network.NetworkId}. The IP address {address} is in use.", "IpAddressInUse"),
            AllocationOutcome.Reserved => Rejection.BadRequest($"IP address {address} is not a valid IP for the specified subnet.", "InvalidIpForSubnet"),
            AllocationOutcome.InUse => Rejection.Conflict($"IP address {address} already allocated in subnet {subnet?.Id}", "IpAddressAlreadyAllocated"),
            _ => Rejection.Conflict($"No more IP addresses available on network {network.NetworkId}.", "IpAddressGenerationFailure"),
        };
    }

    static bool Same(PortAttributes a, PortAttributes b) =>
        a with { AllowedAddressPairs = [], SecurityGroups = [], ExtraDhcpOptions = [] } == b with { AllowedAddressPairs = [], SecurityGroups = [], ExtraDhcpOptions = [] }
        && a.AllowedAddressPairs.SequenceEqual(b.AllowedAddressPairs) && a.SecurityGroups.SequenceEqual(b.SecurityGroups)
        && a.ExtraDhcpOptions.SequenceEqual(b.ExtraDhcpOptions);

    static PortAttributes Attributes(PortAttributes current, PortChanges changes, string mac, bool hasAddresses)
    {
        var result = current with
        {
            Name = changes.Name ?? current.Name,
            Description = changes.Description ?? current.Description,
            AdminStateUp = changes.AdminStateUp ?? current.AdminStateUp,
            DeviceId = changes.DeviceId ?? current.DeviceId,
            DeviceOwner = changes.DeviceOwner ?? current.DeviceOwner,
            AllowedAddressPairs = changes.AllowedAddressPairs is { } pairs ? Pairs(pairs, mac) : current.AllowedAddressPairs,
            SecurityGroups = changes.SecurityGroups is { } groups ? SecurityGroups(groups) : current.SecurityGroups,
            PortSecurityEnabled = changes.PortSecurityEnabled ?? current.PortSecurityEnabled,
            DnsName = changes.DnsName is { } dns ? DnsName(dns) : current.DnsName,
            HostId = changes.HostId ?? current.HostId,
            VnicType = changes.VnicType is { } vnic ? VnicTypes.Contains(vnic) ? vnic
                : throw NeutronBody.InvalidInput("binding:vnic_type", $"'{vnic}' is not in [{string.Join(", ", VnicTypes.Select(v => $"'{v}'"))}]")
                : current.VnicType,
            Profile = changes.Profile ?? current.Profile,
            ExtraDhcpOptions = changes.ExtraDhcpOptions ?? current.ExtraDhcpOptions,
        };
        if (!result.PortSecurityEnabled && result.AllowedAddressPairs.Count > 0)
            throw Rejection.Conflict("Port Security must be enabled in order to have allowed address pairs on a port.", "AddressPairAndPortSecurityRequired");
        if (result.SecurityGroups.Count > 0 && (!result.PortSecurityEnabled || !hasAddresses))
            throw Rejection.Conflict("Port security must be enabled and port must have an IP address in order to use security groups.",
                "PortSecurityAndIPRequiredForSecurityGroups");
        return result;
    }

    static IReadOnlyList<AllowedAddressPair> Pairs(IReadOnlyList<AllowedAddressPair> pairs, string portMac)
    {
        if (pairs.Count > MaxAllowedAddressPairs)
            throw Rejection.BadRequest($"The number of allowed address pair exceeds the maximum {MaxAllowedAddressPairs}.", "AllowedAddressPairExhausted");
        var result = new List<AllowedAddressPair>();
        foreach (var pair in pairs)
        {
            var ip = IpText.TryParseAddress(pair.IpAddress, out var address) ? address.ToString()
                : AddressBlock.TryParse(pair.IpAddress, null, out var block, out _) ? block!.Cidr
                : PairCidr(pair.IpAddress) ?? throw NeutronBody.InvalidInput("allowed_address_pairs", $"'{pair.IpAddress}' is not a valid IP address or CIDR");
            var normalized = new AllowedAddressPair(ip, pair.MacAddress.Length > 0 ? Mac(pair.MacAddress) : portMac);
            if (result.Contains(normalized))
                throw Rejection.BadRequest($"Request contains duplicate address pair: mac_address {normalized.MacAddress} ip_address {normalized.IpAddress}.",
                    "DuplicateAddressPairInRequest");
            result.Add(normalized);
        }
        return result;
    }

    /// <summary>An address with a prefix length that <see cref="AddressBlock"/> refuses as a block, kept as written, as Neutron keeps it
    /// (netaddr takes host bits and /0): Huawei's <c>1.1.1.1/0</c>, which turns a NIC's source check off, is one.</summary>
    static string? PairCidr(string text)
    {
        var slash = text.IndexOf('/');
        if (slash < 0 || !IpText.TryParseAddress(text[..slash], out var address)) return null;
        var max = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128;
        return int.TryParse(text[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var prefix) && prefix <= max
            ? $"{address}/{prefix}"
            : null;
    }

    static IReadOnlyList<string> SecurityGroups(IReadOnlyList<string> groups) =>
        groups.FirstOrDefault(g => !Guid.TryParse(g, out _)) is { } bad
            ? throw NeutronBody.InvalidInput("security_groups", $"'{bad}' is not a valid UUID")
            : groups.Select(g => Guid.Parse(g).ToString()).Distinct().ToList();

    /// <summary>Neutron's <c>dns_name</c>: a host name (or FQDN) of letters, digits and hyphens, labels of at most 63.</summary>
    static string DnsName(string name)
    {
        if (name.Length == 0) return name;
        var labels = name.TrimEnd('.').Split('.');
        return labels.Any(l => l.Length is 0 or > 63 || l.StartsWith('-') || l.EndsWith('-') || !l.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            ? throw NeutronBody.InvalidInput("dns_name", $"'{name}' not a valid PQDN or FQDN")
            : name.ToLowerInvariant();
    }
}
