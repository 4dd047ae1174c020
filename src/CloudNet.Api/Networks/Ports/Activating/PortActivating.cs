using CloudNet.Admin.Faults;
using Marten;

namespace CloudNet.Networks.Ports.Activating;

/// <summary>
/// A port bound under a lifecycle fault rule (<see cref="PortActiveFault"/>), still DOWN: how many more reads it stays so
/// (<see cref="PollsLeft"/>) and until when (<see cref="Until"/>). Recorded in the binding's event.
/// </summary>
public sealed record PortActivation(Guid RuleId, int? PollsLeft, DateTimeOffset? Until)
{
    /// <summary>The wait the lifecycle rule fired on this request asks of the ports it binds; null when none fired.</summary>
    public static PortActivation? Of(HttpContext context) =>
        PortActiveFault.Of(context) is { } fault ? new(fault.RuleId, fault.Behaviour.Polls, fault.Until) : null;
}

/// <summary>A client read the port still waiting (<c>GET</c> of it) and saw DOWN: this many reads remain.</summary>
public sealed record PortActivationPolled(Guid PortId, int PollsLeft, string By, DateTimeOffset At);

/// <summary>The port bound under the lifecycle rule <see cref="RuleId"/> is ACTIVE now.</summary>
public sealed record PortActivated(Guid PortId, Guid RuleId, string By, DateTimeOffset At);

/// <summary>
/// A bound port's way from DOWN to ACTIVE, advanced by the reads a waiting client makes and by the service's clock
/// (<see cref="TimeProvider"/>), never by a timer, as servers go through BUILD (<c>Compute/Servers/Building</c>).
/// </summary>
public static class PortActivating
{
    public const string CommandName = "PortActivationPoll";

    /// <summary>The binding event <paramref name="created"/> with the wait of the rule fired on the request, when it binds the port.</summary>
    public static PortCreated Binding(PortCreated created, HttpContext context) =>
        created.Attributes.DeviceId.Length > 0 ? created with { Activation = PortActivation.Of(context) } : created;

    /// <summary><paramref name="updated"/> with the rule's wait when it gives <paramref name="port"/> a device (or another one).</summary>
    public static PortUpdated Binding(PortUpdated updated, Port port, HttpContext context) =>
        updated.Attributes.DeviceId.Length > 0 && updated.Attributes.DeviceId != port.Attributes.DeviceId
            ? updated with { Activation = PortActivation.Of(context) }
            : updated;

    /// <summary>Pure: the event one read of <paramref name="port"/> at <paramref name="now"/> makes, or null when none (not
    /// waiting, or waiting for a time that has not passed). The read that finds no poll left, or the time up, activates it.</summary>
    public static object? OnRead(Port port, string by, DateTimeOffset now)
    {
        if (port.Activation is not { } activation) return null;
        return LifecycleStep.Turn(activation.PollsLeft, activation.Until, now) switch
        {
            LifecycleTurn.Ends => new PortActivated(port.Id, activation.RuleId, by, now),
            LifecycleTurn.Counts => new PortActivationPolled(port.Id, activation.PollsLeft!.Value - 1, by, now),
            _ => null,
        };
    }

    /// <summary>One read of a waiting port, a step under its stream's lock (<see cref="LifecycleStep"/>); the port as this read shows it.</summary>
    public static Task<Port> ReadAsync(IDocumentStore store, Port port, HttpContext context, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        return LifecycleStep.ReadAsync(store, port.Id, port, context, CommandName, (current, by) => OnRead(current, by, now),
            (current, happened) => happened switch
            {
                PortActivationPolled polled => current.Apply(polled),
                PortActivated activated => current.Apply(activated),
                _ => current,
            });
    }

    /// <summary>Those of <paramref name="portIds"/> still waiting for ACTIVE: the floating IPs pointing at them are DOWN too.
    /// One query, none when no id is given.</summary>
    public static async Task<IReadOnlySet<Guid>> WaitingAsync(IQuerySession session, IEnumerable<Guid?> portIds, CancellationToken ct)
    {
        var ids = portIds.OfType<Guid>().Distinct().ToArray();
        if (ids.Length == 0) return new HashSet<Guid>();
        var ports = await session.LoadManyAsync<Port>(ct, ids);
        return ports.Where(p => p.IsActivating).Select(p => p.Id).ToHashSet();
    }
}
