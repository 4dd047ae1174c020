using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace CloudNet.Replicas;

/// <summary>
/// Chooses the connection a read is served on: a standby that has replayed the caller's last write, waiting for it
/// within <see cref="ReplicaOptions.MaxWait"/>, else the primary. The check runs on the very connection the read
/// will use, so that with several standbys it is the one the read lands on that has replayed far enough.
/// </summary>
public sealed class ReadRouter(ReadHosts hosts, StandbyPositions standbys, IOptions<ReplicaOptions> options, TimeProvider clock,
    ILogger<ReadRouter> logger)
{
    public async Task<ReadRoute> RouteAsync(ulong required, CancellationToken ct)
    {
        NpgsqlConnection connection;
        try
        {
            connection = await hosts.Reads.OpenConnectionAsync(ct);
        }
        catch (Exception e) when (IsUnavailable(e))
        {
            logger.LogDebug(e, "No read host answered; reading on the primary");
            return await FallbackAsync(ReadOutcome.NoStandby, ct);
        }

        try
        {
            var host = $"{connection.Host}:{connection.Port}";
            if (standbys.KnownReplayed(host) is { } known && required <= known) return new ReadRoute(connection, ReadOutcome.Standby, hosts.Server(connection));

            var replay = await CheckAsync(connection, host, ct);
            if (!replay.InRecovery) return new ReadRoute(connection, ReadOutcome.NoStandby, hosts.Server(connection));
            if (replay.Replayed >= required) return new ReadRoute(connection, ReadOutcome.Standby, hosts.Server(connection));
            if (!standbys.IsStuck(host))
            {
                var start = clock.GetTimestamp();
                while (clock.GetElapsedTime(start) < options.Value.MaxWait)
                {
                    // PostgreSQL 15 has no wait-for-LSN: look again every millisecond on the same connection.
                    await Task.Delay(TimeSpan.FromMilliseconds(1), clock, ct);
                    replay = await CheckAsync(connection, host, ct);
                    if (!replay.InRecovery) return new ReadRoute(connection, ReadOutcome.NoStandby, hosts.Server(connection));
                    if (replay.Replayed >= required) return new ReadRoute(connection, ReadOutcome.StandbyAfterWait, hosts.Server(connection));
                }
                standbys.WaitedInVain(host, replay.Replayed);
                logger.LogInformation("Standby {Host} had not replayed {Required} after {Wait} (it stands at {Replayed}): reading on the primary",
                    host, new NpgsqlLogSequenceNumber(required), options.Value.MaxWait, new NpgsqlLogSequenceNumber(replay.Replayed));
            }
            await connection.DisposeAsync();
            return await FallbackAsync(ReadOutcome.PrimaryFallback, ct);
        }
        catch (Exception e) when (IsUnavailable(e))
        {
            // The standby went away between the pool and the check: the primary (or whatever answers) serves it.
            logger.LogDebug(e, "The read host failed its replay check; reading on the primary");
            await connection.DisposeAsync();
            return await FallbackAsync(ReadOutcome.NoStandby, ct);
        }
    }

    async Task<Replay> CheckAsync(NpgsqlConnection connection, string host, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "select pg_is_in_recovery(), pg_last_wal_replay_lsn()";
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        // On a primary, pg_last_wal_replay_lsn() is null (never a standby) or where its recovery ended (promoted): unused.
        var replay = reader.GetBoolean(0)
            ? new Replay(true, reader.IsDBNull(1) ? 0 : (ulong)reader.GetFieldValue<NpgsqlLogSequenceNumber>(1))
            : new Replay(false, 0);
        standbys.Saw(host, replay);
        return replay;
    }

    /// <summary>
    /// The primary when there is one, else a standby: while no primary exists (a failover under way) the survivor still
    /// serves reads, and it holds every acknowledged write (replication is synchronous). Without a multi-host read
    /// connection string the session simply uses the primary's (no connection here).
    /// </summary>
    async Task<ReadRoute> FallbackAsync(ReadOutcome outcome, CancellationToken ct)
    {
        if (hosts.PrimaryFirst is not { } source) return new ReadRoute(null, outcome);
        try
        {
            var connection = await source.OpenConnectionAsync(ct);
            return new ReadRoute(connection, outcome, hosts.Server(connection));
        }
        catch (Exception e) when (IsUnavailable(e))
        {
            logger.LogDebug(e, "No host answered a read; the session tries the primary itself");
            return new ReadRoute(null, outcome);
        }
    }

    static bool IsUnavailable(Exception e) => e is NpgsqlException or SocketException or TimeoutException or IOException;
}
