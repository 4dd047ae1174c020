using CloudNet.Errors;
using Wolverine.Http;

namespace CloudNet.Networks.Extensions;

/// <summary>One of Neutron's API extensions, by the alias clients look for.</summary>
public sealed record NeutronExtension(string Alias, string Name, string Description);

/// <summary>
/// <c>GET /v2.0/extensions</c> and <c>/v2.0/extensions/{alias}</c>: exactly the extensions this service implements, under
/// Neutron's aliases, so that clients which probe for a feature find it only where it works.
/// </summary>
public static class NeutronExtensionsEndpoint
{
    const string Updated = "2026-12-01T00:00:00-00:00";

    public static readonly IReadOnlyList<NeutronExtension> Implemented =
    [
        new("allowed-address-pairs", "Allowed Address Pairs", "Provides allowed address pairs"),
        new("binding", "Port Binding", "Expose port bindings of a virtual port to external application"),
        new("dns-integration", "DNS Integration", "Provides integration with DNS."),
        new("empty-string-filtering", "Empty String Filtering Extension", "Allow filtering by attributes with empty string value"),
        new("ext-gw-mode", "Neutron L3 Configurable external gateway mode",
            "Extension of the router abstraction for specifying whether SNAT should occur on the external gateway"),
        new("external-net", "Neutron external network", "Adds external network attribute to network resource."),
        new("extra_dhcp_opt", "Neutron Extra DHCP options", "Extra options configuration for DHCP."),
        new("extraroute", "Neutron Extra Route", "Extra routes configuration for L3 router"),
        new("net-mtu", "Network MTU", "Provides MTU attribute for a network resource."),
        new("net-mtu-writable", "Network MTU (writable)", "Provides a writable MTU attribute for a network resource."),
        new("network-ip-availability", "Network IP Availability", "Provides IP availability data for each network and subnet."),
        new("network_availability_zone", "Network Availability Zone", "Availability zone support for network."),
        new("pagination", "Pagination support", "Extension that indicates that pagination is enabled."),
        new("port-security", "Port Security", "Provides port security"),
        new("project-id", "project_id field enabled", "Extension that indicates that project_id field is enabled."),
        new("quota_details", "Quota details management support", "Expose functions for quotas usage statistics per project"),
        new("quotas", "Quota management support", "Expose functions for quotas management per project"),
        new("router", "Neutron L3 Router",
            "Router abstraction for basic L3 forwarding between L2 Neutron networks and access to external networks via a NAT gateway."),
        new("security-group", "security-group", "The security groups extension."),
        new("sorting", "Sorting support", "Extension that indicates that sorting is enabled."),
        new("standard-attr-description", "standard-attr-description", "Extension to add descriptions to standard attributes"),
        new("standard-attr-revisions", "Resource revision numbers", "This extension will display the revision number of neutron resources."),
        new("standard-attr-tag", "Tag support for resources with standard attribute: subnet, trunk, network_segment_range, router, network, " +
            "policy, subnetpool, port, security_group, floatingip", "Enables to set tag on resources with standard attribute."),
        new("standard-attr-timestamp", "Resource timestamps", "Adds created_at and updated_at fields to all Neutron resources that have Neutron standard attributes."),
        new("stateful-security-group", "Stateful security group", "Indicates if the security group is stateful or not"),
        new("subnet-service-types", "Subnet service types", "Provides ability to set the subnet service_types field"),
    ];

    [WolverineGet("/v2.0/extensions", OperationId = "ListNeutronExtensions")]
    [Tags("Networks: extensions")]
    public static IResult List() => Results.Json(new { extensions = Implemented.Select(Json) });

    [WolverineGet("/v2.0/extensions/{alias}", OperationId = "ShowNeutronExtension")]
    [Tags("Networks: extensions")]
    public static IResult Show(string alias) =>
        Implemented.FirstOrDefault(e => e.Alias == alias) is { } extension
            ? Results.Json(new { extension = Json(extension) })
            : throw Rejection.NotFound($"Extension with alias {alias} does not exist", "ExtensionNotFound");

    static object Json(NeutronExtension e) => new { alias = e.Alias, name = e.Name, description = e.Description, updated = Updated, links = Array.Empty<object>() };
}
