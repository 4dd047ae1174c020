using CloudNet.Identity;
using Marten;
using Wolverine.Http;

namespace CloudNet.Networks.SharedIps.Showing;

public static class ShowIpAddressEndpoint
{
    [WolverineGet("/v2.0/ip_addresses/{ipAddressId}", OperationId = "ShowIpAddress")]
    [Tags("Networks: shared IPs")]
    public static async Task<IResult> Get(string ipAddressId, Caller caller, IQuerySession session, CancellationToken ct)
    {
        var ip = Guid.TryParse(ipAddressId, out var id) ? await session.LoadAsync<SharedIp>(id, ct) : null;
        return Results.Json(new { ip_address = SharedIpJson.From(SharedIpRules.Visible(ip, ipAddressId, caller)) });
    }
}
