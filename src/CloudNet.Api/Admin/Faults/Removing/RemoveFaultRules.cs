using CloudNet.Admin.Faults.Injecting;
using CloudNet.Errors;
using CloudNet.Identity;
using Marten;
using Wolverine.Http;

namespace CloudNet.Admin.Faults.Removing;

/// <summary>
/// <c>DELETE /_cloudnet/faults/{id}</c> (204) removes one rule; <c>DELETE /_cloudnet/faults?tenant_id=…</c> (200, the
/// removed rules) every rule of a tenant, as a test suite does between tests. Removed rules stop firing at once on this
/// instance and within the refresh interval on the others; they stay readable by id, with their firings.
/// </summary>
public static class RemoveFaultRulesEndpoint
{
    [WolverineDelete("/_cloudnet/faults/{id}", OperationId = "RemoveFaultRule")]
    [Tags("Admin: faults")]
    public static async Task<IResult> Delete(string id, Caller caller, IDocumentSession session, FaultRuleCache cache, DateTimeOffset now,
        CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var ruleId)) throw Rejection.NotFound($"No fault rule {id}.", "FaultRuleNotFound");
        await FaultRules.RemoveAsync(session, ruleId, caller.UserName, now, ct);
        await session.SaveChangesAsync(ct);
        cache.Invalidate();
        return Results.NoContent();
    }

    [WolverineDelete("/_cloudnet/faults", OperationId = "ClearFaultRules")]
    [Tags("Admin: faults")]
    public static async Task<IResult> Clear(HttpContext context, Caller caller, IDocumentSession session, FaultRuleCache cache, DateTimeOffset now,
        CancellationToken ct)
    {
        var tenantId = context.Request.Query["tenant_id"].ToString().Trim();
        if (tenantId.Length == 0)
            throw Rejection.BadRequest("tenant_id is required: DELETE /_cloudnet/faults?tenant_id=… removes that tenant's rules.", "BadFaultRule");
        var removed = await FaultRules.ClearAsync(session, tenantId, caller.UserName, now, ct);
        await session.SaveChangesAsync(ct);
        cache.Invalidate();
        return Results.Json(new { removed = removed.Select(FaultRuleJson.From) });
    }
}
