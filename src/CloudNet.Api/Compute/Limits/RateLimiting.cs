using CloudNet.Errors;
using CloudNet.Identity;

namespace CloudNet.Compute.Limits;

/// <summary>
/// Rackspace's rate limits on the compute routes: counted per tenant in PostgreSQL (shared by every instance of
/// the service), checked after authentication (the tenant must be known) and before the endpoint runs. Over a
/// limit, the answer is 413 <c>overLimit</c> with <c>Retry-After</c> (seconds until the window ends) and the
/// same in the body. Switched off (the default), it passes every request through without touching the database.
/// </summary>
public sealed class RateLimiting(RequestDelegate next, AccountLimits limits, RateCounters counters, TimeProvider clock,
    ILogger<RateLimiting> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!limits.Enabled || ApiFamilies.Of(context) != ApiFamily.Compute || context.Features.Get<Caller>() is not { } caller)
        {
            await next(context);
            return;
        }

        // The path is relative to the /v2/{tenant} prefix (ComputePrefixes moved it into PathBase), where
        // Rackspace's "^" anchors its regexes; the query is included, as for nova's "changes-since" limit.
        var request = context.Request;
        var rules = limits.Matching(request.Method, request.Path.Value + request.QueryString.Value);
        var now = clock.GetUtcNow();
        if (await counters.HitAsync(caller.TenantId, rules, now, context.RequestAborted) is { } refusal)
        {
            logger.LogInformation("Rate limit {Verb} {Uri} {Value}/{Unit} reached by tenant {Tenant}", refusal.Rule.Verb,
                refusal.Rule.Uri, refusal.Rule.Value, refusal.Rule.Unit, caller.TenantId);
            await ErrorResponses.WriteAsync(context, new ApiError(413, "This request was rate-limited.",
                RetryAfterSeconds: refusal.Window.SecondsLeft(now), Details: refusal.Rule.Describe(), RetryAt: refusal.Window.End));
            return;
        }
        await next(context);
    }
}
