using CloudNet.Errors;

namespace CloudNet.Hosting;

/// <summary>
/// Neutron's own root, <c>{base}/networking</c> as devstack publishes it, which the catalog gives OpenStack clients as
/// the <c>network</c> endpoint: they expect it unversioned and append <c>v2.0/</c> themselves (gophercloud, pkgcloud's
/// openstack provider, openstacksdk), while the service root's <c>/v2.0</c> is Keystone v2's. The root and its
/// <c>/v2.0</c> answer Neutron's discovery documents (Networks/Discovery); every route beneath
/// <c>/networking/v2.0/</c> is the Neutron route of the same path at the service root: the prefix moves into
/// <see cref="HttpRequest.PathBase"/> (so links keep it), as <see cref="ComputePrefixes"/> does for nova.
/// Identity routes are not Neutron's and are not served there (404 in Neutron's format).
/// </summary>
public static class NeutronRoot
{
    public const string Prefix = "/networking";
    const string Segment = "networking";
    const string Version = "v2.0";

    public static IApplicationBuilder UseNeutronRoot(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var request = context.Request;
        var path = request.Path.Value ?? "";
        var segments = PathSegments.Of(path);
        if (segments.Length >= 3 && segments[0] == Segment && segments[1] == Version
            && !ApiFamilies.IsIdentity(new PathString("/" + string.Join('/', segments.Skip(1)))))
            PathSegments.MoveIntoPathBase(request, path, 1);
        return next();
    });
}
