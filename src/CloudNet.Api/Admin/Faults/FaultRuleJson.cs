using System.Text.Json.Nodes;

namespace CloudNet.Admin.Faults;

/// <summary>A rule as the admin API and the command line show it, in the API's snake_case.</summary>
public static class FaultRuleJson
{
    public static JsonObject From(FaultRule rule) => new()
    {
        ["id"] = rule.Id,
        ["tenant_id"] = rule.TenantId,
        ["method"] = rule.Method,
        ["path"] = rule.Path,
        ["count"] = rule.Count,
        ["remaining"] = rule.Remaining,
        ["probability"] = rule.Probability,
        ["status"] = rule.Status,
        ["body"] = rule.Body is null ? null : JsonNode.Parse(rule.Body),
        ["retry_after"] = rule.RetryAfter,
        ["delay_ms"] = rule.DelayMs,
        ["jitter_ms"] = rule.JitterMs,
        ["after_write"] = rule.AfterWrite,
        ["drop"] = rule.Drop,
        ["build_polls"] = rule.Build?.Polls,
        ["build_seconds"] = rule.Build?.Seconds,
        ["build_result"] = rule.Build?.Result,
        ["port_active_polls"] = rule.PortActive?.Polls,
        ["port_active_seconds"] = rule.PortActive?.Seconds,
        ["active"] = rule.IsActive,
        ["fired"] = rule.Fired,
        ["last_fired_at"] = rule.LastFiredAt,
        ["created_at"] = rule.CreatedAt,
        ["created_by"] = rule.CreatedBy,
        ["removed_at"] = rule.RemovedAt,
        ["removed_by"] = rule.RemovedBy,
    };

    public static JsonObject WithFirings(FaultRule rule, IReadOnlyList<FaultFiring> firings)
    {
        var json = From(rule);
        json["firings"] = new JsonArray(firings.Select(f => (JsonNode)new JsonObject
        {
            ["request_id"] = f.RequestId,
            ["at"] = f.At,
            ["method"] = f.Method,
            ["path"] = f.Path,
            ["status"] = f.Status,
            ["delay_ms"] = f.DelayMs,
            ["after_write"] = f.AfterWrite,
            ["dropped"] = f.Dropped,
        }).ToArray());
        return json;
    }
}
