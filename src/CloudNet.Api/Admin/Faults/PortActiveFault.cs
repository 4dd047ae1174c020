namespace CloudNet.Admin.Faults;

/// <summary>
/// A lifecycle rule with <c>port_active_*</c> fired on this request (a request feature set by the fault middleware): every port
/// the endpoint binds to a device stays DOWN as <see cref="Behaviour"/> says, and the binding's event records it.
/// </summary>
/// <param name="Until">When a timed wait ends, on the service's <see cref="TimeProvider"/>.</param>
public sealed record PortActiveFault(Guid RuleId, PortActiveBehaviour Behaviour, DateTimeOffset? Until)
{
    public static PortActiveFault? Of(HttpContext context) => context.Features.Get<PortActiveFault>();
}
