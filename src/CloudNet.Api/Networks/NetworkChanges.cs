namespace CloudNet.Networks;

/// <summary>What a Neutron network create or update asks for; null: not given (the default on create, unchanged on update).</summary>
public sealed record NetworkChanges(
    string? Name = null,
    string? Description = null,
    bool? AdminStateUp = null,
    int? Mtu = null,
    bool? PortSecurityEnabled = null,
    bool DnsDomainGiven = false,
    string? DnsDomain = null,
    bool? Shared = null,
    bool? External = null,
    IReadOnlyList<string>? AvailabilityZoneHints = null)
{
    /// <summary>The attributes of a <c>network</c> body that a create and an update share.</summary>
    public static readonly string[] Attributes =
        ["name", "description", "admin_state_up", "mtu", "port_security_enabled", "dns_domain", "shared", "router:external"];

    public static NetworkChanges From(NeutronBody body) => new(
        body.Name(),
        body.Description(),
        body.Bool("admin_state_up"),
        body.Int("mtu"),
        body.Bool("port_security_enabled"),
        body.Has("dns_domain"),
        body.Text("dns_domain", 255),
        body.Bool("shared"),
        body.Bool("router:external"),
        body.Strings("availability_zone_hints"));
}
