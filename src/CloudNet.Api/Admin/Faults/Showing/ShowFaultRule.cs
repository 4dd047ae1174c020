using Marten;
using Wolverine.Http;

namespace CloudNet.Admin.Faults.Showing;

/// <summary>
/// <c>GET /_cloudnet/faults/{id}</c>: the rule (removed ones too), how many times it fired, and its latest firings with
/// the id and time of each request it answered, so a test run can be explained afterwards.
/// </summary>
public static class ShowFaultRuleEndpoint
{
    [WolverineGet("/_cloudnet/faults/{id}", OperationId = "ShowFaultRule")]
    [Tags("Admin: faults")]
    public static async Task<IResult> Get(string id, IQuerySession session, CancellationToken ct)
    {
        var rule = await FaultRules.FindAsync(session, id, ct);
        var firings = await FaultRules.FiringsAsync(session, rule.Id, ct);
        return Results.Json(new { fault = FaultRuleJson.WithFirings(rule, firings) });
    }
}
