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
/// waits, then answers its error or lets the request through; a drop rule aborts the connection. An after-the-write
/// rule (<see cref="FaultRule.AfterWrite"/>) lets the endpoint run and commit, then does the same to its answer. Each firing is recorded as a <see cref="FaultInjected"/>
/// event in the rule's stream before the answer goes out.
/// The admin API is never faulted (a rule could otherwise lock the admin out of removing it), and with the admin API
/// switched off there are no faults either: this middleware then passes every request straight through.
/// </summary>
public sealed class FaultInjection(RequestDelegate next, FaultRuleCache cache, IDocumentStore store, IOptions<AdminOptions> admin,
    TimeProvider clock, ILogger<FaultInjection> logger)
{
    /// <summary>On every faulted response: the rule that answered, so a client's log shows the answer was injected.</summary>
    public const string RuleHeader = "X-CloudNet-Fault";

    public const string CommandName = "FaultInjection";

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
        var before = Candidates(tenantRules, afterWrite: false, request.Method, sentPath, routePath);
        var after = Candidates(tenantRules, afterWrite: true, request.Method, sentPath, routePath);
        if (await FirstToFireAsync(before, context, caller, request.Method, sentPath) is { } fired && await AnswerAsync(fired, context))
            return;
        await LifecycleAsync(Candidates(tenantRules, afterWrite: null, request.Method, sentPath, routePath), context, caller, request.Method, sentPath);
        if (after.Count > 0)
        {
            await AfterTheWriteAsync(after, context, caller, request.Method, sentPath);
            return;
        }
        await next(context);
    }

    /// <summary>The lifecycle rules that shape what this request makes: the first servers' rule and the first ports' rule to fire
    /// (one rule may be both), handed to the endpoints as request features.</summary>
    async Task LifecycleAsync(List<ActiveFaultRule> candidates, HttpContext context, Caller caller, string method, string sentPath)
    {
        if (candidates.Count == 0) return;
        var now = clock.GetUtcNow();
        var build = await FirstToFireAsync(candidates.Where(r => r.Rule.Build is not null).ToList(), context, caller, method, sentPath);
        if (build?.Rule.Build is { } behaviour)
            context.Features.Set(new BuildFault(build.Rule.Id, behaviour, behaviour.Seconds is { } seconds ? now.AddSeconds(seconds) : null));
        var port = build?.Rule.PortActive is not null ? build
            : await FirstToFireAsync(candidates.Where(r => r.Rule.Build is null && r.Rule.PortActive is not null).ToList(), context, caller, method,
                sentPath);
        if (port?.Rule.PortActive is { } active)
            context.Features.Set(new PortActiveFault(port.Rule.Id, active, active.Seconds is { } wait ? now.AddSeconds(wait) : null));
    }

    /// <summary>The tenant's rules of one kind matching the request (before the endpoint, after its write, or, with null,
    /// lifecycle rules), the probability of each drawn now.</summary>
    static List<ActiveFaultRule> Candidates(ActiveFaultRule[] rules, bool? afterWrite, string method, string sentPath, string routePath) =>
        rules.Where(r => (afterWrite is { } after ? !r.Rule.IsLifecycle && r.Rule.AfterWrite == after : r.Rule.IsLifecycle)
                         && r.Matches(method, sentPath, routePath)
                         && (r.Rule.Probability is not { } p || Random.Shared.NextDouble() < p)).ToList();

    async Task<Firing?> FirstToFireAsync(List<ActiveFaultRule> candidates, HttpContext context, Caller caller, string method, string sentPath)
    {
        foreach (var candidate in candidates)
            if (await FireAsync(candidate, context, caller, method, sentPath) is { } fired)
                return fired;
        return null;
    }

    /// <summary>
    /// The endpoint runs with its answer held back; once it answered with success (its transaction committed before the
    /// answer was written), an after-the-write rule may fire and replace that answer with its own, a drop or a delay. An
    /// endpoint that refused the request keeps its answer: there is no write to hide.
    /// </summary>
    async Task AfterTheWriteAsync(List<ActiveFaultRule> candidates, HttpContext context, Caller caller, string method, string sentPath)
    {
        var original = context.Response.Body;
        await using var held = new MemoryStream();
        context.Response.Body = held;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = original;
        }

        if (context.Response.StatusCode < 400
            && await FirstToFireAsync(candidates, context, caller, method, sentPath) is { } fired)
        {
            if (fired.Rule.Status is not null || fired.Rule.Drop)
            {
                // The endpoint's own answer is dropped; its headers that describe it go with it.
                context.Response.Headers.ContentLength = null;
                context.Response.Headers.Location = default;
                context.Response.Headers.ETag = default;
            }
            if (await AnswerAsync(fired, context)) return;
        }
        held.Position = 0;
        await held.CopyToAsync(original, context.RequestAborted);
    }

    /// <summary>Waits the firing's delay, then answers the rule's error or drops the connection; false when the rule only
    /// delays and the request (or the held answer) goes on.</summary>
    async Task<bool> AnswerAsync(Firing fired, HttpContext context)
    {
        var rule = fired.Rule;
        if (fired.DelayMs is { } delay)
            await Task.Delay(TimeSpan.FromMilliseconds(delay), clock, context.RequestAborted);
        if (rule.Drop)
        {
            context.Abort();
            return true;
        }
        if (rule.Status is not { } status) return false;

        context.Response.Headers[RuleHeader] = rule.Id.ToString();
        if (rule.Body is { } body)
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            if (rule.RetryAfter is { } retry) context.Response.Headers.RetryAfter = retry.ToString();
            await context.Response.WriteAsync(body, context.RequestAborted);
            return true;
        }
        await ErrorResponses.WriteAsync(context, FaultAnswers.ErrorFor(rule, clock.GetUtcNow()));
        return true;
    }

    /// <summary>A rule that fired, with the delay this firing drew (the rule's delay plus its jitter).</summary>
    sealed record Firing(FaultRule Rule, int? DelayMs);

    /// <summary>
    /// Takes the rule's stream under a row lock (<c>select … for update</c>, shared by every instance on the database),
    /// checks that it may still fire, and records the firing; the lock makes "count 2" fail exactly two requests however
    /// many arrive together. Null when the rule was used up or removed meanwhile.
    /// </summary>
    async Task<Firing?> FireAsync(ActiveFaultRule candidate, HttpContext context, Caller caller, string method, string sentPath)
    {
        var ct = context.RequestAborted;
        await using var session = store.LightweightSession();
        var requestId = context.RequestId();
        session.CorrelationId = requestId;
        CommandMetadata.Name(session, CommandName);
        session.LastModifiedBy = caller.UserName;
        session.SetHeader(CommandMetadata.TenantHeader, caller.TenantId);

        var stream = await session.Events.FetchForExclusiveWriting<FaultRule>(candidate.Id, ct);
        if (stream.Aggregate is not { IsActive: true } rule)
        {
            candidate.MarkSpent();
            return null;
        }
        int? delay = rule.DelayMs is { } fixedDelay ? fixedDelay + (rule.JitterMs is { } jitter ? Random.Shared.Next(jitter + 1) : 0) : null;
        stream.AppendOne(new FaultInjected(rule.Id, caller.TenantId, method, sentPath, rule.Status, delay, requestId, clock.GetUtcNow(),
            rule.AfterWrite, rule.Drop));
        await session.SaveChangesAsync(ct);
        if (rule.Remaining == 1) candidate.MarkSpent();
        logger.LogInformation("Fault rule {Rule} fired on {Method} {Path} of tenant {Tenant}{When}: {Status}{Delay}", rule.Id, method, sentPath,
            caller.TenantId, rule.AfterWrite ? " after the write" : "", rule.Drop ? "drop" : rule.IsLifecycle ? "lifecycle" : rule.Status?.ToString() ?? "pass",
            delay is { } d ? $" after {d} ms" : "");
        return new Firing(rule, delay);
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
