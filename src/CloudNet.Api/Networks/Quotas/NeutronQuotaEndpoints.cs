using System.Text.Json;
using CloudNet.Errors;
using CloudNet.Identity;
using CloudNet.Quotas;
using Marten;
using Wolverine.Http;

namespace CloudNet.Networks.Quotas;

public sealed record UpdateQuotas(JsonElement? Quota);

/// <summary>
/// Neutron's quotas (<c>quotas</c>, <c>quota_details</c>): a tenant reads its own, an admin reads, sets and resets any. The
/// limits apply to the Neutron resources this service has (networks, subnets, ports, floating IPs, the last shared with
/// nova's <c>/os-floating-ips</c>) and are enforced in each create's transaction. -1 is no limit.
/// </summary>
public static class NeutronQuotaEndpoints
{
    [WolverineGet("/v2.0/quotas", OperationId = "ListQuotas")]
    [Tags("Networks: quotas")]
    public static async Task<IResult> List(Caller caller, IQuerySession session, QuotaLimits limits, CancellationToken ct)
    {
        EnsureAdmin(caller, "get_quota");
        var set = await session.Query<TenantQuotas>().OrderBy(q => q.TenantId).ToListAsync(ct);
        return Results.Json(new
        {
            quotas = set.Select(q =>
            {
                var body = Body(QuotaLimits.Of(limits.Defaults, q));
                body["project_id"] = q.TenantId;
                body["tenant_id"] = q.TenantId;
                return body;
            }),
        });
    }

    [WolverineGet("/v2.0/quotas/{project}", OperationId = "ShowQuotas")]
    [Tags("Networks: quotas")]
    public static async Task<IResult> Show(string project, Caller caller, IQuerySession session, QuotaLimits limits, CancellationToken ct)
    {
        EnsureMayRead(caller, project);
        return Results.Json(new { quota = Body(await limits.ForAsync(session, project, ct)) });
    }

    [WolverineGet("/v2.0/quotas/{project}/default", OperationId = "ShowDefaultQuotas")]
    [Tags("Networks: quotas")]
    public static IResult Defaults(string project, Caller caller, QuotaLimits limits)
    {
        EnsureMayRead(caller, project);
        return Results.Json(new { quota = Body(limits.Defaults) });
    }

    [WolverineGet("/v2.0/quotas/{project}/details", OperationId = "ShowQuotaDetails")]
    [Tags("Networks: quotas")]
    public static async Task<IResult> Details(string project, Caller caller, IQuerySession session, QuotaLimits limits, CancellationToken ct)
    {
        EnsureMayRead(caller, project);
        var limit = await limits.ForAsync(session, project, ct);
        var used = await QuotaUsage.HeldAsync(session, project, ct);
        return Results.Json(new { quota = QuotaResources.Counted.ToDictionary(r => r, r => new { used = used[r], limit = limit[r], reserved = 0 }) });
    }

    [WolverineGet("/v2.0/quotas/{project}/details.json", OperationId = "ShowQuotaDetailsJson")]
    [Tags("Networks: quotas")]
    public static Task<IResult> DetailsJson(string project, Caller caller, IQuerySession session, QuotaLimits limits, CancellationToken ct) =>
        Details(project, caller, session, limits, ct);

    [WolverinePut("/v2.0/quotas/{project}", OperationId = "UpdateQuotas")]
    [Tags("Networks: quotas")]
    public static async Task<IResult> Update(string project, UpdateQuotas? command, Caller caller, IDocumentSession session, QuotaLimits limits,
        DateTimeOffset now, CancellationToken ct)
    {
        EnsureAdmin(caller, "update_quota");
        var body = NeutronBody.Of("quota", command?.Quota, QuotaResources.Counted);
        var set = new Dictionary<string, int>();
        foreach (var resource in QuotaResources.Counted)
            if (body.Int(resource) is { } value)
                set[resource] = value >= -1 ? value : throw NeutronBody.InvalidInput(resource, $"'{value}' should be greater than or equal to -1");
        var stream = await session.Events.FetchForWriting<TenantQuotas>(TenantQuotas.StreamId(project), ct);
        var changed = new QuotasSet(project, set, caller.UserName, now);
        if (set.Count > 0) stream.AppendOne(changed);
        var after = stream.Aggregate?.Apply(changed) ?? TenantQuotas.Create(changed);
        return Results.Json(new { quota = Body(QuotaLimits.Of(limits.Defaults, after)) });
    }

    [WolverineDelete("/v2.0/quotas/{project}", OperationId = "ResetQuotas")]
    [Tags("Networks: quotas")]
    public static async Task<IResult> Reset(string project, Caller caller, IDocumentSession session, DateTimeOffset now, CancellationToken ct)
    {
        EnsureAdmin(caller, "delete_quota");
        var stream = await session.Events.FetchForWriting<TenantQuotas>(TenantQuotas.StreamId(project), ct);
        if (stream.Aggregate is not null) stream.AppendOne(new QuotasReset(project, caller.UserName, now));
        return Results.NoContent();
    }

    static Dictionary<string, object> Body(IReadOnlyDictionary<string, int> limits) =>
        QuotaResources.Counted.ToDictionary(r => r, r => (object)limits[r]);

    static void EnsureAdmin(Caller caller, string rule)
    {
        if (!caller.IsAdmin) throw Rejection.Forbidden($"(rule:{rule}) is disallowed by policy", "PolicyNotAuthorized");
    }

    static void EnsureMayRead(Caller caller, string project)
    {
        if (!caller.IsAdmin && caller.TenantId != project)
            throw Rejection.Forbidden($"(rule:get_quota) is disallowed by policy: project {caller.TenantId} may not read project {project}'s quotas.",
                "PolicyNotAuthorized");
    }
}
