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

public sealed record FaultRuleBody(
    [property: JsonPropertyName("tenant_id")] string? TenantId,
    string? Method,
    string? Path,
    int? Count,
    double? Probability,
    int? Status,
    JsonElement? Body,
    [property: JsonPropertyName("retry_after")] int? RetryAfter,
    [property: JsonPropertyName("delay_ms")] int? DelayMs)
{
    public FaultRuleSpec ToSpec() => new(TenantId, Method, Path, Count, Probability, Status, Body, RetryAfter, DelayMs);
}

/// <summary>
/// <c>POST /_cloudnet/faults</c>: a rule that fails (or delays) some of a tenant's requests. 201 with the rule and its
/// <c>Location</c>; 400 (problem+json) listing everything wrong with it.
/// </summary>
public static class AddFaultRuleEndpoint
{
    [WolverinePost("/_cloudnet/faults", OperationId = "AddFaultRule")]
    [Tags("Admin: faults")]
    public static async Task<IResult> Post(AddFaultRule? command, HttpContext context, IDocumentSession session, AccountDirectory accounts,
        FaultRuleCache cache, DateTimeOffset now)
    {
        if (command?.Fault is not { } body) throw Rejection.BadRequest("The body must be {\"fault\": {\"tenant_id\", \"path\", \"status\", …}}.", "BadFaultRule");
        var ct = context.RequestAborted;
        var rule = await FaultRules.AddAsync(session, accounts, body.ToSpec(), context.Caller().UserName, now, ct);
        // Committed here rather than by the transactional middleware after the endpoint, so that this instance
        // re-reads the rules only once the rule is there to be read.
        await session.SaveChangesAsync(ct);
        cache.Invalidate();
        context.Response.Headers.Location = $"{Admin.Configuration.Prefix}/faults/{rule.Id}";
        return Results.Json(new { fault = FaultRuleJson.From(rule) }, statusCode: 201);
    }
}
