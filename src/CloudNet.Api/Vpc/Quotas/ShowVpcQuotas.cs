using CloudNet.Identity;
using CloudNet.Quotas;
using Marten;
using Wolverine.Http;

namespace CloudNet.Vpc.Quotas;

/// <summary>
/// <c>GET /v1/{project_id}/quotas[?type=]</c>: Huawei's view of the project's quotas (<c>src/CloudNet.Api/Quotas</c>, the one
/// set nova's quota sets and Neutron's quotas also show): each type with what the project holds and its limit, -1 unlimited.
/// Only the types this service has: <c>vpc</c>, <c>subnet</c>, <c>publicIp</c> (Neutron's <c>floatingip</c>, so an EIP, a
/// Neutron floating IP and a nova one count against one quota), <c>securityGroup</c> and <c>securityGroupRule</c>. A type it
/// does not have (<c>vpn</c>, <c>loadbalancer</c>…) lists nothing.
/// </summary>
public static class ShowVpcQuotasEndpoint
{
    /// <summary>Huawei's type names, in the reference's order, and the quota each is.</summary>
    public static readonly IReadOnlyList<(string Type, string Resource)> Types =
    [
        ("vpc", QuotaResources.Vpc),
        ("subnet", QuotaResources.Subnet),
        ("securityGroup", QuotaResources.SecurityGroup),
        ("securityGroupRule", QuotaResources.SecurityGroupRule),
        ("publicIp", QuotaResources.FloatingIp),
    ];

    [WolverineGet("/v1/{projectId}/quotas", OperationId = "ShowVpcQuotas")]
    [Tags("VPC: quotas")]
    public static async Task<IResult> Get(string projectId, HttpContext context, Caller caller, IQuerySession session, QuotaLimits limits,
        CancellationToken ct)
    {
        var tenant = caller.TenantId;
        var type = context.Request.Query["type"].ToString();
        var limit = await limits.ForAsync(session, tenant, ct);
        var held = await QuotaUsage.HeldAsync(session, tenant, ct);
        var resources = Types.Where(t => type.Length == 0 || t.Type == type)
            .Select(t => new { type = t.Type, used = held.GetValueOrDefault(t.Resource), quota = limit[t.Resource], min = 0 });
        return Results.Json(new { quotas = new { resources } });
    }
}
