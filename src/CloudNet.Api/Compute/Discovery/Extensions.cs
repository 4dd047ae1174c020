using Wolverine.Http;

namespace CloudNet.Compute.Discovery;

/// <summary><c>GET /extensions</c>: openstacksdk refuses to list pools unless <c>os-floating-ip-pools</c> is here.</summary>
public static class ExtensionsEndpoint
{
    static readonly (string Alias, string Name, string Description)[] Known =
    [
        ("os-floating-ip-pools", "FloatingIpPools", "Floating IP pools support."),
        ("os-floating-ips", "FloatingIps", "Floating IPs support."),
        ("os-virtual-interfacesv2", "VirtualInterfacesV2", "Virtual interfaces attached to servers (Rackspace)."),
        ("os-networksv2", "NetworksV2", "Isolated networks (Rackspace)."),
        ("ip_associations", "IPAssociations", "Shared IP associations (Rackspace)."),
        ("os-security-groups", "SecurityGroups", "Security group support (Neutron's security groups)."),
    ];

    [WolverineGet("/extensions", OperationId = "ListExtensions")]
    [Tags("Discovery")]
    public static IResult Get() => Results.Json(new
    {
        extensions = Known.Select(e => new
        {
            alias = e.Alias,
            name = e.Name,
            description = e.Description,
            links = Array.Empty<object>(),
            @namespace = $"http://docs.openstack.org/compute/ext/{e.Alias}/api/v2",
            updated = "2014-12-03T00:00:00Z",
        }),
    });
}
