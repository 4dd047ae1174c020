using System.Text.Json;
using CloudNet.Errors;

namespace CloudNet.Admin.Faults.Adding;

/// <summary>
/// A rule as asked for, by the API (<c>{"fault":{…}}</c>) or the command line, before it is checked. Kept in one place
/// so both refuse the same things with the same words.
/// </summary>
public sealed record FaultRuleSpec(string? TenantId, string? Method, string? Path, int? Count, double? Probability, int? Status,
    JsonElement? Body, int? RetryAfter, int? DelayMs, bool? AfterWrite = null, bool? Drop = null, int? JitterMs = null,
    int? BuildPolls = null, int? BuildSeconds = null, string? BuildResult = null, int? PortActivePolls = null, int? PortActiveSeconds = null)
{
    bool IsBuild => BuildPolls is not null || BuildSeconds is not null || BuildResult is not null;

    bool IsPortActive => PortActivePolls is not null || PortActiveSeconds is not null;

    bool IsLifecycle => IsBuild || IsPortActive;

    public const int MaxDelayMs = 60_000;
    public const int MaxRetryAfter = 86_400;
    public const int MaxBodyBytes = 64 * 1024;

    static readonly HashSet<string> Methods = new(StringComparer.OrdinalIgnoreCase)
    {
        "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS",
    };

    /// <summary>Everything wrong with the rule (empty when it can be added); <paramref name="tenantExists"/> was looked up by the caller.</summary>
    public IEnumerable<string> Problems(bool tenantExists)
    {
        if (string.IsNullOrWhiteSpace(TenantId)) yield return "tenant_id is required: the tenant whose requests the rule fails.";
        else if (!tenantExists) yield return $"tenant_id '{TenantId}' is not a tenant of this deployment.";
        if (Method is not null && Method != "*" && !Methods.Contains(Method.Trim()))
            yield return "method must be one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS (or absent or *: every method).";
        if (FaultPattern.Problem(Path) is { } pathProblem) yield return pathProblem;
        if (Count is < 1) yield return "count must be at least 1 (absent: every matching request).";
        if (Probability is < 0 or > 1 || Probability is { } p && double.IsNaN(p)) yield return "probability must be between 0 and 1.";
        if (IsLifecycle)
        {
            if (IsBuild && BuildPolls is null && BuildSeconds is null) yield return "build_result goes with build_polls or build_seconds: how long the server stays in BUILD.";
            if (BuildPolls is < 1 or > 1000) yield return "build_polls must be between 1 and 1000.";
            if (BuildSeconds is < 1 or > 86_400) yield return "build_seconds must be between 1 and 86400.";
            if (BuildResult is not null && BuildResult.ToUpperInvariant() is not (BuildBehaviour.Active or BuildBehaviour.Error))
                yield return "build_result must be ACTIVE or ERROR.";
            if (PortActivePolls is < 1 or > 1000) yield return "port_active_polls must be between 1 and 1000.";
            if (PortActiveSeconds is < 1 or > 86_400) yield return "port_active_seconds must be between 1 and 86400.";
            if (Status is not null || DelayMs is not null || Drop is true || AfterWrite is true)
                yield return "A lifecycle rule (build_polls, build_seconds, port_active_polls, port_active_seconds) does not answer the request: no status, delay_ms, drop or after_write.";
            yield break;
        }
        if (Status is null && DelayMs is null && Drop is not true)
            yield return "status is required (400-599), unless the rule only delays requests (delay_ms), drops the connection (drop), makes servers build (build_polls, build_seconds) or ports wait for ACTIVE (port_active_polls, port_active_seconds).";
        if (Drop is true && Status is not null) yield return "drop and status exclude each other: a dropped connection gets no answer.";
        if (JitterMs is not null && DelayMs is null) yield return "jitter_ms goes with delay_ms: the delay it varies.";
        if (JitterMs is < 1 || JitterMs is { } j && DelayMs is { } d && j + d > MaxDelayMs)
            yield return $"jitter_ms must be at least 1, and delay_ms plus jitter_ms at most {MaxDelayMs}.";
        if (Status is < 400 or > 599) yield return "status must be an error status, 400-599.";
        if (DelayMs is < 1 or > MaxDelayMs) yield return $"delay_ms must be between 1 and {MaxDelayMs}.";
        if (RetryAfter is < 0 or > MaxRetryAfter) yield return $"retry_after must be between 0 and {MaxRetryAfter} seconds.";
        if (Status is null && (RetryAfter is not null || Body is { ValueKind: not JsonValueKind.Null }))
            yield return "body and retry_after go with a status: a rule without one only delays the request.";
        if (Body is { ValueKind: not JsonValueKind.Null } body && body.GetRawText().Length > MaxBodyBytes)
            yield return $"body is at most {MaxBodyBytes / 1024} KiB of JSON.";
    }

    /// <summary>Throws the 400 (problem+json on the admin routes) that lists every problem, or does nothing.</summary>
    public void Check(bool tenantExists)
    {
        var problems = Problems(tenantExists).ToList();
        if (problems.Count > 0) throw Rejection.BadRequest(string.Join(" ", problems), "BadFaultRule");
    }

    public FaultRuleAdded ToEvent(Guid ruleId, string by, DateTimeOffset at) => new(ruleId, TenantId!.Trim(),
        Method is null or "*" ? null : Method.Trim().ToUpperInvariant(), Path!, Count, Probability, Status,
        Body is { ValueKind: not JsonValueKind.Null } body ? body.GetRawText() : null, RetryAfter, DelayMs, by, at, AfterWrite ?? false,
        Drop ?? false, JitterMs, IsBuild ? new BuildBehaviour(BuildPolls, BuildSeconds, BuildResult?.ToUpperInvariant() ?? BuildBehaviour.Active) : null,
        IsPortActive ? new PortActiveBehaviour(PortActivePolls, PortActiveSeconds) : null);
}
