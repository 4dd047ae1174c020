using System.Text.Json.Serialization;
using CloudNet.Compute.FloatingIps;
using CloudNet.Identity;
using CloudNet.Quotas;
using Marten;
using Wolverine.Http;

namespace CloudNet.Vpc.PublicIps.Applying;

public sealed record ApplyPublicIp(
    PublicIpBody? Publicip,
    BandwidthBody? Bandwidth,
    [property: JsonPropertyName("enterprise_project_id")] string? EnterpriseProjectId);

/// <summary>
/// <c>POST /v1/{project_id}/publicips</c>: 200 and the EIP, <c>DOWN</c> (ready at once, unbound). A floating IP of the type's pool,
/// allocated exactly as nova's <c>POST /os-floating-ips</c> and Neutron's <c>POST /v2.0/floatingips</c> allocate one (IPAM, one
/// quota for all three, the same events), with Huawei's name and bandwidth recorded beside it; nova and Neutron see it too.
/// </summary>
public static class ApplyPublicIpEndpoint
{
    [WolverinePost("/v1/{projectId}/publicips", OperationId = "ApplyPublicIp")]
    [Tags("VPC: EIPs")]
    public static async Task<IResult> Post(string projectId, ApplyPublicIp? command, Caller caller, IDocumentSession session, PublicIpTypes types,
        QuotaLimits limits, DateTimeOffset now, CancellationToken ct)
    {
        var request = PublicIpRules.Apply(command?.Publicip, command?.Bandwidth, command?.EnterpriseProjectId, types.Names);
        var allocated = await FloatingIpAllocation.AllocateAsync(session, types.PoolOf(request.Type)!, caller, limits, request.Address, null, now,
            PublicIpErrors.Refusals(request.Address?.ToString()), ct);
        var applied = PublicIpRules.Applied(allocated.FloatingIpId, request, caller, now);
        session.Events.StartStream<FloatingIp>(allocated.FloatingIpId, allocated, applied);
        return Results.Json(new { publicip = PublicIpJson.From(PublicIp.Create(allocated).Apply(applied), request.Type, null) });
    }
}
