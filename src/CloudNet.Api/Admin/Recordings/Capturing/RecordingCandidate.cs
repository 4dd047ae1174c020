using CloudNet.Identity;
using CloudNet.Identity.Authenticating;

namespace CloudNet.Admin.Recordings.Capturing;

/// <summary>
/// A request that arrived while some tenant is recorded (a request feature the <see cref="RequestRecorder"/> sets): its start, its
/// answer held (<see cref="HeldAnswer"/>), and, once authentication has said whose it is, the request as captured when it may be
/// recorded. The decision is taken right after authentication (<see cref="RecordingDecision"/>), so that another tenant's request
/// pays nothing more than this record: its body is not buffered and its answer goes straight out.
/// </summary>
public sealed class RecordingCandidate(ActiveRecordings active, DateTimeOffset startedAt, long startedTimestamp, HeldAnswer answer)
{
    /// <summary>The request as the client sent it; null when it is not recorded (or authentication was never reached).</summary>
    public CapturedRequest? Captured { get; private set; }

    /// <summary>
    /// After authentication: a request of a tenant that is recorded is captured and its body kept readable; so is a token request
    /// (whose tenant only its answer tells). Any other request is let through.
    /// </summary>
    public async Task DecideAsync(HttpContext context)
    {
        var tenant = context.Features.Get<Caller>()?.TenantId;
        var recorded = tenant is null ? PublicRoutes.IsTokenIssue(context.Request.Path) : active.ByTenant.ContainsKey(tenant);
        if (!recorded)
        {
            await answer.LetThroughAsync(context.RequestAborted);
            return;
        }
        Captured = CapturedRequest.Of(context, startedAt, startedTimestamp);
        context.Request.EnableBuffering();
    }
}

public static class RecordingDecision
{
    /// <summary>Right after authentication (the caller names the tenant), before anything reads the request's body.</summary>
    public static IApplicationBuilder UseRecordingDecision(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.Features.Get<RecordingCandidate>() is { } candidate) await candidate.DecideAsync(context);
        await next();
    });
}
