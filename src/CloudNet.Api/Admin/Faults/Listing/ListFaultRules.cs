using Marten;
using Wolverine.Http;

namespace CloudNet.Admin.Faults.Listing;

/// <summary>
/// <c>GET /_cloudnet/faults[?tenant_id=…][&amp;all=true]</c>: the rules still in force (used-up counted rules included,
/// with <c>remaining</c> 0), oldest first; <c>all=true</c> adds the removed ones.
/// </summary>
public static class ListFaultRulesEndpoint
{
    [WolverineGet("/_cloudnet/faults", OperationId = "ListFaultRules")]
    [Tags("Admin: faults")]
    public static async Task<IResult> Get(HttpContext context, IQuerySession session, CancellationToken ct)
    {
        var query = context.Request.Query;
        var tenantId = query["tenant_id"].ToString();
        var all = string.Equals(query["all"].ToString(), "true", StringComparison.OrdinalIgnoreCase);
        var rules = await FaultRules.ListAsync(session, tenantId, all, ct);
        return Results.Json(new { faults = rules.Select(FaultRuleJson.From) });
    }
}
