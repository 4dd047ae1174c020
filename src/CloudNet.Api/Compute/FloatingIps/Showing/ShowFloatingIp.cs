using CloudNet.Identity;
using Marten;
using Wolverine.Http;

namespace CloudNet.Compute.FloatingIps.Showing;

public static class ShowFloatingIpEndpoint
{
    [WolverineGet("/os-floating-ips/{idOrAddress}", OperationId = "ShowFloatingIp")]
    [Tags("Compute: floating IPs")]
    public static async Task<IResult> Get(string idOrAddress, HttpContext context, Caller caller, IQuerySession session, CancellationToken ct)
    {
        var ip = await FloatingIpLookup.VisibleAsync(session, idOrAddress, caller, ct);
        return Results.Json(new { floating_ip = FloatingIpJson.From(ip, context.Request) });
    }
}
