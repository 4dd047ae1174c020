using CloudNet.Identity;
using Marten;
using Wolverine.Http;

namespace CloudNet.Vpc.PrivateIps.Showing;

/// <summary><c>GET /v1/{project_id}/privateips/{id}</c>: 200, in use (<see cref="PrivateIpUse"/>) or not; 404 <c>VPC.0704</c>.</summary>
public static class ShowPrivateIpEndpoint
{
    [WolverineGet("/v1/{projectId}/privateips/{privateIpId}", OperationId = "ShowPrivateIp")]
    [Tags("VPC: private IPs")]
    public static async Task<IResult> Get(string projectId, string privateIpId, Caller caller, IQuerySession session, CancellationToken ct)
    {
        var found = Guid.TryParse(privateIpId, out var id) ? await session.LoadAsync<PrivateIp>(id, ct) : null;
        var ip = PrivateIpRules.Visible(found, privateIpId, caller);
        var ports = await PrivateIpUse.PortsAsync(session, caller.TenantId, ip.NetworkId, ct);
        return Results.Json(new { privateip = PrivateIpJson.From(PrivateIpUse.AsUsed(ip, ports)) });
    }
}
