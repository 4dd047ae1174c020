using System.Text.Json;
using System.Text.Json.Serialization;
using CloudNet.Admin.Faults.Injecting;
using CloudNet.Errors;
using CloudNet.Identity;
using CloudNet.Identity.Accounts;
using Marten;
using Wolverine.Http;

namespace CloudNet.Admin.Faults.Adding;

/// <summary><c>{"fault": {…}}</c>, as the other families wrap their resources.</summary>
public sealed record AddFaultRule(FaultRuleBody? Fault);

/// <summary>
/// The rule's fields as sent. Each is read as raw JSON and converted here, so a value of the wrong type, or a field
/// this API does not know (<c>retryAfter</c> for <c>retry_after</c>), is named in the 400 in the API's own words rather
/// than in the serializer's.
/// </summary>
public sealed record FaultRuleBody(
    [property: JsonPropertyName("tenant_id")] JsonElement? TenantId,
    [property: JsonPropertyName("method")] JsonElement? Method,
    [property: JsonPropertyName("path")] JsonElement? Path,
    [property: JsonPropertyName("count")] JsonElement? Count,
    [property: JsonPropertyName("probability")] JsonElement? Probability,
    [property: JsonPropertyName("status")] JsonElement? Status,
    [property: JsonPropertyName("body")] JsonElement? Body,
    [property: JsonPropertyName("retry_after")] JsonElement? RetryAfter,
    [property: JsonPropertyName("delay_ms")] JsonElement? DelayMs,
    [property: JsonPropertyName("jitter_ms")] JsonElement? JitterMs = null,
    [property: JsonPropertyName("after_write")] JsonElement? AfterWrite = null,
    [property: JsonPropertyName("drop")] JsonElement? Drop = null,
    [property: JsonPropertyName("build_polls")] JsonElement? BuildPolls = null,
    [property: JsonPropertyName("build_seconds")] JsonElement? BuildSeconds = null,
    [property: JsonPropertyName("build_result")] JsonElement? BuildResult = null,
    [property: JsonPropertyName("port_active_polls")] JsonElement? PortActivePolls = null,
    [property: JsonPropertyName("port_active_seconds")] JsonElement? PortActiveSeconds = null)
{
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Unknown { get; init; }

    /// <summary>The spec, or a 400 naming every field of the wrong type and every unknown field.</summary>
    public FaultRuleSpec ToSpec()
    {
        var problems = new List<string>();
        var spec = new FaultRuleSpec(Text(TenantId, "tenant_id", problems), Text(Method, "method", problems), Text(Path, "path", problems),
            Integer(Count, "count", problems), Number(Probability, "probability", problems), Integer(Status, "status", problems), Body,
            Integer(RetryAfter, "retry_after", problems), Integer(DelayMs, "delay_ms", problems), Boolean(AfterWrite, "after_write", problems),
            Boolean(Drop, "drop", problems), Integer(JitterMs, "jitter_ms", problems), Integer(BuildPolls, "build_polls", problems),
            Integer(BuildSeconds, "build_seconds", problems), Text(BuildResult, "build_result", problems),
            Integer(PortActivePolls, "port_active_polls", problems), Integer(PortActiveSeconds, "port_active_seconds", problems));
        foreach (var name in Unknown?.Keys ?? Enumerable.Empty<string>())
            problems.Add($"{name} is not a field of a fault rule (tenant_id, method, path, count, probability, status, body, retry_after, delay_ms, jitter_ms, after_write, drop, build_polls, build_seconds, build_result, port_active_polls, port_active_seconds).");
        if (problems.Count > 0) throw Rejection.BadRequest(string.Join(" ", problems), "BadFaultRule");
        return spec;
    }

    static bool IsAbsent(JsonElement? value) => value is null || value.Value.ValueKind == JsonValueKind.Null;

    static string? Text(JsonElement? value, string name, List<string> problems)
    {
        if (IsAbsent(value)) return null;
        if (value!.Value.ValueKind == JsonValueKind.String) return value.Value.GetString();
        problems.Add($"{name} must be a string.");
        return null;
    }

    static int? Integer(JsonElement? value, string name, List<string> problems)
    {
        if (IsAbsent(value)) return null;
        if (value!.Value.ValueKind == JsonValueKind.Number && value.Value.TryGetInt32(out var number)) return number;
        problems.Add($"{name} must be an integer.");
        return null;
    }

    static bool? Boolean(JsonElement? value, string name, List<string> problems)
    {
        if (IsAbsent(value)) return null;
        if (value!.Value.ValueKind is JsonValueKind.True or JsonValueKind.False) return value.Value.GetBoolean();
        problems.Add($"{name} must be true or false.");
        return null;
    }

    static double? Number(JsonElement? value, string name, List<string> problems)
    {
        if (IsAbsent(value)) return null;
        if (value!.Value.ValueKind == JsonValueKind.Number && value.Value.TryGetDouble(out var number)) return number;
        problems.Add($"{name} must be a number.");
        return null;
    }
}

/// <summary>
/// <c>POST /_cloudnet/faults</c>: a rule that fails (or delays) some of a tenant's requests. 201 with the rule and its
/// <c>Location</c>; 400 (problem+json) listing everything wrong with it.
/// </summary>
public static class AddFaultRuleEndpoint
{
    [WolverinePost("/_cloudnet/faults", OperationId = "AddFaultRule")]
    [Tags("Admin: faults")]
    public static async Task<IResult> Post(AddFaultRule? command, HttpContext context, Caller caller, IDocumentSession session,
        AccountDirectory accounts, FaultRuleCache cache, DateTimeOffset now, CancellationToken ct)
    {
        if (command?.Fault is not { } body) throw Rejection.BadRequest("The body must be {\"fault\": {\"tenant_id\", \"path\", \"status\", …}}.", "BadFaultRule");
        var rule = await FaultRules.AddAsync(session, accounts, body.ToSpec(), caller.UserName, now, ct);
        // Committed here rather than by the transactional middleware after the endpoint, so that this instance
        // re-reads the rules only once the rule is there to be read.
        await session.SaveChangesAsync(ct);
        cache.Invalidate();
        context.Response.Headers.Location = $"{Admin.Configuration.Prefix}/faults/{rule.Id}";
        return Results.Json(new { fault = FaultRuleJson.From(rule) }, statusCode: 201);
    }
}
