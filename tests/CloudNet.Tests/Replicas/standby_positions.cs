using CloudNet.Replicas;

namespace CloudNet.Tests.Replicas;

/// <summary><see cref="StandbyPositions"/>: what lets most reads skip the replay check, and a stale standby cost one wait.</summary>
public class standby_positions
{
    readonly StandbyPositions positions = new();

    [Fact]
    public void a_host_never_checked_is_unknown() => positions.KnownReplayed("127.0.0.1:5433").ShouldBeNull();

    [Fact]
    public void a_standby_is_known_as_far_as_it_was_seen_to_replay_and_never_less()
    {
        positions.Saw("s", new Replay(true, 200));
        positions.Saw("s", new Replay(true, 150)); // an older answer arriving late
        positions.KnownReplayed("s").ShouldBe(200UL);
    }

    [Fact]
    public void a_host_seen_as_a_primary_is_forgotten_it_may_be_a_lagging_standby_next()
    {
        positions.Saw("s", new Replay(true, 200));
        positions.Saw("s", new Replay(false, 0));
        positions.KnownReplayed("s").ShouldBeNull();
    }

    [Fact]
    public void a_standby_waited_for_in_vain_is_stuck_until_it_moves()
    {
        positions.Saw("s", new Replay(true, 200));
        positions.WaitedInVain("s", 200);
        positions.IsStuck("s").ShouldBeTrue();
        positions.Saw("s", new Replay(true, 200));
        positions.IsStuck("s").ShouldBeTrue();
        positions.Saw("s", new Replay(true, 201));
        positions.IsStuck("s").ShouldBeFalse();
        positions.KnownReplayed("s").ShouldBe(201UL);
    }

    [Fact]
    public void one_stuck_standby_leaves_the_others_alone()
    {
        positions.WaitedInVain("a", 10);
        positions.Saw("b", new Replay(true, 10));
        positions.IsStuck("a").ShouldBeTrue();
        positions.IsStuck("b").ShouldBeFalse();
    }
}
