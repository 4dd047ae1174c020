namespace CloudNet.Admin.Faults;

/// <summary>
/// A lifecycle rule fired on this request (set by the fault middleware as a request feature): the endpoint that creates the
/// resource makes it go through BUILD as <see cref="Behaviour"/> says, and records the rule in the resource's own events.
/// </summary>
/// <param name="Until">When a timed build ends, on the service's <see cref="TimeProvider"/> (the one tests move).</param>
public sealed record BuildFault(Guid RuleId, BuildBehaviour Behaviour, DateTimeOffset? Until)
{
    public static BuildFault? Of(HttpContext context) => context.Features.Get<BuildFault>();
}
