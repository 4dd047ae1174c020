using CloudNet.Compute.Flavors;
using CloudNet.Identity;
using Marten;
using CloudNet.Quotas;
using Wolverine.Http;

namespace CloudNet.Compute.QuotaSets.Showing;

/// <summary>
/// <c>GET /os-quota-sets/{project}</c> (the limits), <c>/detail</c> (each with what the project holds) and
/// <c>/defaults</c> (the configured defaults, anyone's to read). openstackclient's <c>quota show</c> reads the first.
/// </summary>
public static class ShowQuotaSetEndpoint
{
    // Not "{projectId}" nor "{tenantId}": the first is the VPC family's path project, the second Wolverine's tenant.
    [WolverineGet("/os-quota-sets/{quotaProjectId}", OperationId = "ShowQuotaSet")]
    [Tags("Compute: quotas")]
    public static async Task<IResult> Show(string quotaProjectId, HttpContext context, Caller caller, IQuerySession session, QuotaLimits quotas,
        CancellationToken ct)
    {
        QuotaSetJson.EnsureMayRead(caller, quotaProjectId, "show");
        var limits = ComputeQuotas.View(await quotas.ForAsync(session, quotaProjectId, ct));
        return Results.Json(new { quota_set = QuotaSetJson.Limits(quotaProjectId, limits, Microversion.Of(context.Request)) });
    }

    [WolverineGet("/os-quota-sets/{quotaProjectId}/detail", OperationId = "ShowQuotaSetDetail")]
    [Tags("Compute: quotas")]
    public static async Task<IResult> Detail(string quotaProjectId, HttpContext context, Caller caller, IQuerySession session, QuotaLimits quotas,
        FlavorCatalog flavors, CancellationToken ct)
    {
        QuotaSetJson.EnsureMayRead(caller, quotaProjectId, "detail");
        var limits = ComputeQuotas.View(await quotas.ForAsync(session, quotaProjectId, ct));
        var usage = await ComputeUsage.CountAsync(session, quotaProjectId, flavors, ct);
        return Results.Json(new { quota_set = QuotaSetJson.Detail(quotaProjectId, limits, usage, Microversion.Of(context.Request)) });
    }

    [WolverineGet("/os-quota-sets/{quotaProjectId}/defaults", OperationId = "ShowQuotaSetDefaults")]
    [Tags("Compute: quotas")]
    public static IResult Defaults(string quotaProjectId, HttpContext context, QuotaLimits quotas) =>
        Results.Json(new { quota_set = QuotaSetJson.Limits(quotaProjectId, ComputeQuotas.View(quotas.Defaults), Microversion.Of(context.Request)) });
}
