using CloudNet.Identity;
using Marten;
using Wolverine.Http;

namespace CloudNet.Vpc.PrivateIps.Showing;

public static class ShowPrivateIpEndpoint
{
    [WolverineGet("/v1/{projectId}/privateips/{privateIpId}", OperationId = "ShowPrivateIp")]
    [Tags("VPC: private IPs")]
    public static async Task<IResult> Get(string projectId, string privateIpId, HttpContext context, IQuerySession session)
    {
        var ip = Guid.TryParse(privateIpId, out var id) ? await session.LoadAsync<PrivateIp>(id, context.RequestAborted) : null;
        return Results.Json(new { privateip = PrivateIpJson.From(PrivateIpRules.Visible(ip, privateIpId, context.Caller())) });
    }
}
