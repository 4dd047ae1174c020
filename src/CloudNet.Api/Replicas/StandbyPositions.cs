using System.Collections.Concurrent;

namespace CloudNet.Replicas;

/// <summary>What a check of one server of the read hosts found: a standby and how far it has replayed, or a primary.</summary>
public readonly record struct Replay(bool InRecovery, ulong Replayed);

/// <summary>
/// What this process knows of each read host (<c>host:port</c>), so that most reads need no check at all:
/// <list type="bullet">
/// <item>the furthest position a standby was seen to have replayed. A standby never goes back (it only replays
/// forward, across timelines too), so any read whose tenant wrote before that may go there unchecked;</item>
/// <item>where a standby stood when a read last waited the whole bound for it in vain. Until it moves past that, a read
/// that needs more is answered from the primary at once instead of waiting again: a stale standby (replay paused,
/// replication broken) costs one bounded wait, not one per read.</item>
/// </list>
/// A host seen as a primary is remembered as nothing: it may be a standby again by the next read (an old primary
/// that rejoined), so it is checked every time. That only happens while no standby is up.
/// </summary>
public sealed class StandbyPositions
{
    sealed record Host(ulong Replayed, ulong? StuckAt);

    readonly ConcurrentDictionary<string, Host> hosts = new();

    /// <summary>How far the standby <paramref name="host"/> was last seen to have replayed; null if it was never seen as a standby.</summary>
    public ulong? KnownReplayed(string host) => hosts.TryGetValue(host, out var known) ? known.Replayed : null;

    public void Saw(string host, Replay replay)
    {
        if (!replay.InRecovery)
        {
            hosts.TryRemove(host, out _);
            return;
        }
        // Moving past where it stood (any further at all) ends a standby's being stuck.
        hosts.AddOrUpdate(host, _ => new Host(replay.Replayed, null), (_, known) => replay.Replayed > known.Replayed
            ? new Host(replay.Replayed, null)
            : known);
    }

    public void WaitedInVain(string host, ulong replayed) =>
        hosts.AddOrUpdate(host, _ => new Host(replayed, replayed), (_, known) =>
        {
            var at = Math.Max(known.Replayed, replayed);
            return new Host(at, at);
        });

    public bool IsStuck(string host) => hosts.TryGetValue(host, out var known) && known.StuckAt is not null;
}
