using CloudNet.Errors;
using CloudNet.History.Metadata;
using CloudNet.Hosting;
using CloudNet.Identity;
using Marten;
using Microsoft.Extensions.Options;

namespace CloudNet.Admin.Faults.Injecting;

/// <summary>
/// Applies the fault rules: after authentication (a rule is per tenant, so the caller must be known) and before rate
/// limits, routing and every endpoint. A request a rule fires on is answered here, with the rule's status in the
/// family's format (or the rule's own body), so no endpoint runs and nothing of the request is stored; a delay rule
/// waits, then answers its error or lets the request through. Each firing is recorded as a <see cref="FaultInjected"/>
/// event in the rule's stream before the answer goes out.
/// The admin API is never faulted (a rule could otherwise lock the admin out of removing it), and with the admin API
/// switched off there are no faults either: this middleware then passes every request straight through.
/// </summary>
public sealed class FaultInjection(RequestDelegate next, FaultRuleCache cache, IDocumentStore store, IOptions<AdminOptions> admin,
    TimeProvider clock, ILogger<FaultInjection> logger)
{
    /// <summary>On every faulted response: the rule that answered, so a client's log shows the answer was injected.</summary>
    public const string RuleHeader = "X-CloudNet-Fault";

    public const string CausationId = "FaultInjection";

    public async Task InvokeAsync(HttpContext context)
    {
        if (!admin.Value.Enabled || context.Features.Get<Caller>() is not { } caller || ApiFamilies.Of(context) == ApiFamily.Admin)
        {
            await next(context);
            return;
        }

        var rules = await cache.CurrentAsync();
        if (!rules.ByTenant.TryGetValue(caller.TenantId, out var tenantRules))
        {
            await next(context);
            return;
        }

        var request = context.Request;
        var routePath = request.Path.Value ?? "/";
        var sentPath = request.PathBase.HasValue ? request.PathBase.Value + routePath : routePath;
        FaultRule? fired = null;
        foreach (var candidate in tenantRules)
        {
            if (!candidate.Matches(request.Method, sentPath, routePath)) continue;
            if (candidate.Rule.Probability is { } p && Random.Shared.NextDouble() >= p) continue;
            fired = await FireAsync(candidate, context, caller, request.Method, sentPath);
            if (fired is not null) break;
        }

        if (fired is null)
        {
            await next(context);
            return;
        }

        if (fired.DelayMs is { } delay)
            await Task.Delay(TimeSpan.FromMilliseconds(delay), clock, context.RequestAborted);
        if (fired.Status is not { } status)
        {
            await next(context);
            return;
        }

        context.Response.Headers[RuleHeader] = fired.Id.ToString();
        if (fired.Body is { } body)
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            if (fired.RetryAfter is { } retry) context.Response.Headers.RetryAfter = retry.ToString();
            await context.Response.WriteAsync(body, context.RequestAborted);
            return;
        }
        await ErrorResponses.WriteAsync(context, FaultAnswers.ErrorFor(fired, clock.GetUtcNow()));
    }

    /// <summary>
    /// Takes the rule's stream under a row lock (<c>select … for update</c>, shared by every instance on the database),
    /// checks that it may still fire, and records the firing; the lock makes "count 2" fail exactly two requests however
    /// many arrive together. Null when the rule was used up or removed meanwhile.
    /// </summary>
    async Task<FaultRule?> FireAsync(ActiveFaultRule candidate, HttpContext context, Caller caller, string method, string sentPath)
    {
        var ct = context.RequestAborted;
        await using var session = store.LightweightSession();
        var requestId = context.RequestId();
        session.CorrelationId = requestId;
        session.CausationId = CausationId;
        session.LastModifiedBy = caller.UserName;
        session.SetHeader(CommandMetadata.TenantHeader, caller.TenantId);

        var stream = await session.Events.FetchForExclusiveWriting<FaultRule>(candidate.Id, ct);
        if (stream.Aggregate is not { IsActive: true } rule)
        {
            candidate.MarkSpent();
            return null;
        }
        stream.AppendOne(new FaultInjected(rule.Id, caller.TenantId, method, sentPath, rule.Status, rule.DelayMs, requestId, clock.GetUtcNow()));
        await session.SaveChangesAsync(ct);
        if (rule.Remaining == 1) candidate.MarkSpent();
        logger.LogInformation("Fault rule {Rule} fired on {Method} {Path} of tenant {Tenant}: {Status}{Delay}", rule.Id, method, sentPath,
            caller.TenantId, rule.Status?.ToString() ?? "pass", rule.DelayMs is { } d ? $" after {d} ms" : "");
        return rule;
    }
}

public static class FaultAnswers
{
    /// <summary>The family's own error for the rule's status: what the real cloud says with it (nova's <c>overLimit</c>
    /// carries <c>retryAfter</c> and <c>retryAt</c> when the rule has a Retry-After).</summary>
    public static ApiError ErrorFor(FaultRule rule, DateTimeOffset now)
    {
        var status = rule.Status!.Value;
        var message = status switch
        {
            413 or 429 => "This request was rate-limited.",
            _ => ApiError.ForStatus(status).Message,
        };
        return new ApiError(status, message, RetryAfterSeconds: rule.RetryAfter,
            RetryAt: rule.RetryAfter is { } seconds ? now.AddSeconds(seconds) : null);
    }
}
