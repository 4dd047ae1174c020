using CloudNet.Errors;
using CloudNet.Identity;
using CloudNet.Ipam;

namespace CloudNet.Networks;

public enum RemovalOutcome { Removed, NotFound, NotOwned, InUse }

/// <summary>The rules of networks and subnets, as pure functions. Rejections carry Neutron's exception type
/// as their code; nova's format ignores it.</summary>
public static class NetworkRules
{
    public const int MaxLabelLength = 255;

    public static string Label(string? label, string field = "name")
    {
        if (string.IsNullOrWhiteSpace(label) || label.Length > MaxLabelLength)
            throw Rejection.BadRequest($"Invalid input for {field}: a {field} of 1 to {MaxLabelLength} characters is required.", "InvalidInput");
        return label;
    }

    /// <param name="field">How the caller's API names the label (<c>name</c> in Neutron, <c>label</c> in os-networksv2).</param>
    public static NetworkCreated Create(Guid networkId, string label, Caller caller, DateTimeOffset now, string field = "name") =>
        new(networkId, caller.TenantId, Label(label, field), caller.UserName, now);

    /// <summary>The largest MTU a network may ask for: the physical network's (Neutron's <c>global_physnet_mtu</c> default).</summary>
    public const int MaxMtu = 1500;

    /// <summary>IPv4's minimum MTU (RFC 791), below which Neutron refuses a network.</summary>
    public const int MinMtu = 68;

    /// <summary><c>POST /v2.0/networks</c>: a network of the caller's tenant with Neutron's attributes; any name, the empty one
    /// included, as Neutron allows.</summary>
    public static NetworkCreated Create(Guid networkId, NetworkChanges changes, Caller caller, DateTimeOffset now)
    {
        var attributes = Attributes(NetworkAttributes.Defaults, changes, caller, "create");
        return new NetworkCreated(networkId, caller.TenantId, changes.Name ?? "", caller.UserName, now, Attributes: attributes);
    }

    /// <summary><c>PUT /v2.0/networks/{id}</c>: only the owner (or an admin) changes a network; the shared provider networks
    /// are the operator's.</summary>
    public static NetworkUpdated Update(Network network, NetworkChanges changes, Caller caller, DateTimeOffset now)
    {
        if (network.TenantId is null || (network.TenantId != caller.TenantId && !caller.IsAdmin))
            throw Rejection.Forbidden($"(rule:update_network) is disallowed by policy: network {network.NetworkId} is not project {caller.TenantId}'s.",
                "PolicyNotAuthorized");
        if (changes.AvailabilityZoneHints is not null)
            throw NeutronBody.Bad("network", "Cannot update read-only attribute availability_zone_hints");
        return new NetworkUpdated(network.NetworkId, changes.Name ?? network.Label, Attributes(network.Attributes, changes, caller, "update"),
            caller.UserName, now);
    }

    static NetworkAttributes Attributes(NetworkAttributes current, NetworkChanges changes, Caller caller, string action)
    {
        // Neutron's policy: only an admin shares a network or makes it external; asking for what it already is is no change.
        if (changes.Shared is { } shared && shared != current.Shared && !caller.IsAdmin)
            throw Rejection.Forbidden($"(rule:{action}_network:shared) is disallowed by policy", "PolicyNotAuthorized");
        if (changes.External is { } external && external != current.External && !caller.IsAdmin)
            throw Rejection.Forbidden($"(rule:{action}_network:router:external) is disallowed by policy", "PolicyNotAuthorized");
        if (changes.Mtu is { } mtu && mtu < MinMtu)
            throw NeutronBody.InvalidInput("mtu", $"'{mtu}' is too small - must be at least '{MinMtu}'");
        if (changes.Mtu is > MaxMtu)
            throw Rejection.BadRequest($"Invalid input for operation: Requested MTU is too big, maximum is {MaxMtu}.", "InvalidInput");
        if (changes.AvailabilityZoneHints?.FirstOrDefault(z => z != NeutronJson.AvailabilityZone) is { } zone)
            throw Rejection.NotFound($"AvailabilityZone {zone} could not be found.", "AvailabilityZoneNotFound");
        var dnsDomain = changes.DnsDomainGiven ? DnsDomain(changes.DnsDomain) : current.DnsDomain;
        return new NetworkAttributes(
            changes.Description ?? current.Description,
            changes.AdminStateUp ?? current.AdminStateUp,
            changes.Mtu ?? current.Mtu,
            changes.PortSecurityEnabled ?? current.PortSecurityEnabled,
            dnsDomain,
            changes.Shared ?? current.Shared,
            changes.External ?? current.External,
            changes.AvailabilityZoneHints ?? current.AvailabilityZoneHints);
    }

    /// <summary>Neutron's <c>validate_dns_domain</c>, shortened: labels of letters, digits and hyphens, each at most 63
    /// characters, not starting or ending with a hyphen; a trailing dot is kept as given.</summary>
    static string? DnsDomain(string? domain)
    {
        if (string.IsNullOrEmpty(domain)) return null;
        var labels = domain.TrimEnd('.').Split('.');
        if (labels.Any(l => l.Length is 0 or > 63 || l.StartsWith('-') || l.EndsWith('-') || !l.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')))
            throw NeutronBody.InvalidInput("dns_domain", $"'{domain}' is not a valid domain name");
        return domain;
    }

    /// <summary>Only the owner adds or removes a network's subnets; a shared network's are the operator's.</summary>
    public static void EnsureMayChangeSubnets(Network network, Caller caller)
    {
        if (network.TenantId != caller.TenantId)
            throw Rejection.Forbidden($"Tenant {caller.TenantId} may not change the subnets of network {network.NetworkId}: it is shared.", "PolicyNotAuthorized");
    }

    /// <summary>Whether the caller may remove a network: its own, and no address held on it.</summary>
    public static RemovalOutcome CanRemove(Network? network, Caller caller, bool addressesHeld) => network switch
    {
        null => RemovalOutcome.NotFound,
        _ when !network.VisibleTo(caller.TenantId) => RemovalOutcome.NotFound,
        _ when network.TenantId != caller.TenantId => RemovalOutcome.NotOwned,
        _ when addressesHeld => RemovalOutcome.InUse,
        _ => RemovalOutcome.Removed,
    };
}
