using CloudNet.Admin.Faults;
using Marten;

namespace CloudNet.Compute.Servers.Building;

/// <summary>
/// A server still building, made under a lifecycle fault rule (<see cref="BuildFault"/>): how many more reads it stays in
/// BUILD (<see cref="PollsLeft"/>), until when (<see cref="Until"/>), and what it becomes then.
/// </summary>
public sealed record ServerBuild(Guid RuleId, int? PollsLeft, DateTimeOffset? Until, string Result)
{
    public static ServerBuild From(BuildFault fault) => new(fault.RuleId, fault.Behaviour.Polls, fault.Until, fault.Behaviour.Result);
}

/// <summary>A client read the building server (<c>GET /servers/{id}</c>) and saw BUILD: this many reads remain.</summary>
public sealed record ServerBuildPolled(Guid ServerId, int PollsLeft, string By, DateTimeOffset At);

/// <summary>The server left BUILD: <see cref="Status"/> is ACTIVE or ERROR, as the lifecycle rule <see cref="RuleId"/> said.</summary>
public sealed record ServerBuildEnded(Guid ServerId, string Status, Guid RuleId, string By, DateTimeOffset At);

/// <summary>
/// The server's way through BUILD, advanced by the reads a waiting client makes and by the service's clock
/// (<see cref="TimeProvider"/>), never by a timer: the same reads at the same instants give the same events.
/// </summary>
public static class ServerBuilding
{
    public const string CommandName = "ServerBuildPoll";

    public const string ErrorMessage = "Build of instance failed: the tenant's lifecycle fault rule made it end in ERROR.";

    /// <summary>Pure: the event one read of <paramref name="server"/> at <paramref name="now"/> makes, or null when none (not
    /// building, or building for a time that has not passed). The read that finds no poll left, or the time up, ends the build.</summary>
    public static object? OnRead(Server server, string by, DateTimeOffset now)
    {
        if (server.Build is not { } build) return null;
        return LifecycleStep.Turn(build.PollsLeft, build.Until, now) switch
        {
            LifecycleTurn.Ends => new ServerBuildEnded(server.Id, build.Result, build.RuleId, by, now),
            LifecycleTurn.Counts => new ServerBuildPolled(server.Id, build.PollsLeft!.Value - 1, by, now),
            _ => null,
        };
    }

    /// <summary>One read of a building server: its event appended under the stream's lock (so concurrent polls each count
    /// once), with the reading request's id; the server as this read shows it.</summary>
    public static Task<Server> ReadAsync(IDocumentStore store, Server server, HttpContext context, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        return LifecycleStep.ReadAsync(store, server.Id, server, context, CommandName, (current, by) => OnRead(current, by, now),
            (current, happened) => happened switch
            {
                ServerBuildPolled polled => current.Apply(polled),
                ServerBuildEnded ended => current.Apply(ended),
                _ => current,
            });
    }
}
