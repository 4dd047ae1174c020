using CloudNet.Identity;
using Marten;
using Wolverine.Http;

namespace CloudNet.Networks.FloatingIps.Showing;

/// <summary><c>GET /v2.0/floatingips/{id}</c>: 200, or 404 <c>FloatingIPNotFound</c> (another tenant's too).</summary>
public static class ShowNeutronFloatingIpEndpoint
{
    [WolverineGet("/v2.0/floatingips/{floatingIpId}", OperationId = "ShowFloatingIpNeutron")]
    [Tags("Networks: floating IPs")]
    public static async Task<IResult> Get(string floatingIpId, HttpContext context, Caller caller, IQuerySession session, CancellationToken ct)
    {
        var ip = await NeutronFloatingIpLookup.VisibleAsync(session, floatingIpId, caller, ct);
        return NeutronCollection.Show(context, "floatingip", await NeutronFloatingIpLookup.JsonAsync(session, ip, ct));
    }
}
