using CloudNet.Hosting;
using Wolverine.Http;

namespace CloudNet.Networks.Discovery;

/// <summary>
/// What Neutron answers at its root (<see cref="NeutronRoot"/>): the versions document, without a token, which
/// keystoneauth reads to find <c>v2.0</c> under an unversioned catalog endpoint; and, under <c>v2.0</c>, the core
/// resources this service implements with their collection links (Neutron lists its core resources there, and asks
/// for a token). Links are absolute, built from the address the client used, as the catalog's are.
/// </summary>
public static class NeutronDiscoveryEndpoints
{
    /// <summary>Neutron's core resources that exist here, in Neutron's order (its subnet pools do not).</summary>
    static readonly (string Name, string Collection)[] CoreResources = [("network", "networks"), ("subnet", "subnets"), ("port", "ports")];

    [WolverineGet(NeutronRoot.Prefix, OperationId = "ListNeutronVersions")]
    [Tags("Discovery")]
    public static IResult Versions(HttpContext context) => Results.Json(new
    {
        versions = new[]
        {
            new { id = "v2.0", status = "CURRENT", links = new[] { new { rel = "self", href = $"{VersionUrl(context)}/" } } },
        },
    });

    [WolverineGet(NeutronRoot.Prefix + "/v2.0", OperationId = "ListNeutronResources")]
    [Tags("Networks")]
    public static IResult Resources(HttpContext context) => Results.Json(new
    {
        resources = CoreResources.Select(r => new
        {
            name = r.Name,
            collection = r.Collection,
            links = new[] { new { rel = "self", href = $"{VersionUrl(context)}/{r.Collection}" } },
        }),
    });

    static string VersionUrl(HttpContext context) => $"{context.Request.Scheme}://{context.Request.Host}{NeutronRoot.Prefix}/v2.0";
}
