using CloudNet.Hosting;

namespace CloudNet.Identity;

/// <summary>
/// The endpoints this one service publishes for each API family, with absolute URLs built from the
/// scheme and host the client used, so SDKs come back to the same address they authenticated against.
/// </summary>
public sealed record CatalogService(string Type, string Name, string PublicUrl);

/// <summary>Whose identity service the client believes it is talking to, which decides the <c>network</c> endpoint.</summary>
public enum IdentityDialect
{
    /// <summary>Keystone (v3, or v2 with a password): clients append <c>v2.0/</c> to the network endpoint themselves.</summary>
    OpenStack,

    /// <summary>Rackspace identity (an API key): its <c>cloudNetworks</c> endpoint is versioned and used as it is.</summary>
    Rackspace,
}

public static class ServiceCatalog
{
    public const string Region = "RegionOne";

    public static string BaseUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}";

    public static IReadOnlyList<CatalogService> For(HttpRequest request, string tenantId, string identityVersion, IdentityDialect dialect) =>
        For($"{request.Scheme}://{request.Host}", tenantId, identityVersion, dialect);

    /// <summary>
    /// Pure: the catalog for a service reached at <paramref name="root"/>. The <c>network</c> entry is Neutron's
    /// unversioned root for OpenStack clients (gophercloud and pkgcloud's openstack provider request
    /// <c>{endpoint}/v2.0/networks</c>; openstacksdk appends <c>v2.0</c> too), and <c>{root}/v2.0</c> for Rackspace
    /// identity requests, as Rackspace's own catalog has it (pkgcloud's rackspace provider requests <c>{endpoint}/networks</c>).
    /// </summary>
    public static IReadOnlyList<CatalogService> For(string root, string tenantId, string identityVersion, IdentityDialect dialect) =>
    [
        new("compute", "cloudServersOpenStack", $"{root}/v2/{tenantId}"),
        new("network", "cloudNetworks", dialect == IdentityDialect.Rackspace ? $"{root}/v2.0" : $"{root}{NeutronRoot.Prefix}"),
        new("vpc", "vpc", $"{root}/v1/{tenantId}"),
        new("identity", "keystone", $"{root}/{identityVersion}"),
        new("image", "glance", $"{root}{Images.Configuration.Root}"),
    ];
}
