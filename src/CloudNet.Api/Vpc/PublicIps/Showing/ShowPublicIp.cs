using CloudNet.Identity;
using Marten;
using Wolverine.Http;

namespace CloudNet.Vpc.PublicIps.Showing;

/// <summary><c>GET /v1/{project_id}/publicips/{publicip_id}</c>: any floating IP of the project (nova's and Neutron's too), as an EIP.</summary>
public static class ShowPublicIpEndpoint
{
    [WolverineGet("/v1/{projectId}/publicips/{publicipId}", OperationId = "ShowPublicIp")]
    [Tags("VPC: EIPs")]
    public static async Task<IResult> Get(string projectId, string publicipId, Caller caller, IQuerySession session, PublicIpTypes types,
        CancellationToken ct)
    {
        var ip = await PublicIpLookup.VisibleAsync(session, publicipId, caller, ct);
        return Results.Json(new { publicip = await PublicIpLookup.JsonAsync(session, ip, types, ct) });
    }
}
