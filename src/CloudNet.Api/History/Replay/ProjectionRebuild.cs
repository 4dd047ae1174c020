using JasperFx.Events.Projections;
using Marten;
using Npgsql;

namespace CloudNet.History.Replay;

/// <summary>
/// Rebuilds every read model of a store from its events, as <c>projections rebuild</c> does it (Marten's projection
/// daemon in rebuild mode: each projection's data torn down, then every event replayed in sequence order), with
/// progress as plain lines. Import and verify need it in-process, on a store of their choosing, with a result to act on.
/// </summary>
public static class ProjectionRebuild
{
    /// <summary>Rebuilds every projection that is not live; returns the number of events in the log.</summary>
    /// <param name="timeout">How long one projection may take (Marten's shard timeout; <c>projections rebuild</c>'s default is 5 minutes).</param>
    public static async Task<long> RebuildAllAsync(IDocumentStore store, TextWriter log, CancellationToken ct, TimeSpan? timeout = null)
    {
        log = TextWriter.Synchronized(log); // the daemon reports progress from its own threads
        var names = ((StoreOptions)store.Options).Projections.All
            .Where(p => p.Lifecycle != ProjectionLifecycle.Live)
            .Select(p => p.Name)
            .ToArray();
        var events = await CountEventsAsync(store, ct);
        var progress = new ProgressLine(log, $"rebuild of {names.Length} read models");

        using var daemon = await store.BuildProjectionDaemonAsync();
        await daemon.PrepareForRebuildsAsync();
        var highWater = daemon.Tracker.HighWaterMark;
        if (highWater == 0)
        {
            log.WriteLine("rebuild: the event log is empty, nothing to rebuild");
            return 0;
        }
        log.WriteLine($"rebuild: {string.Join(", ", names)} from {ProgressLine.Count(events)} events (sequence 1 to {ProgressLine.Count(highWater)})");

        using (daemon.Tracker.Subscribe(new RebuildProgress(log, names, highWater)))
        {
            await Task.WhenAll(names.Select(async name =>
            {
                var started = progress.Elapsed;
                await daemon.RebuildProjectionAsync(name, timeout ?? TimeSpan.FromHours(1), ct);
                log.WriteLine($"rebuild: {name} done in {ProgressLine.Seconds(progress.Elapsed - started)} s");
            }));
        }
        await daemon.StopAllAsync();
        progress.Done(events);
        return events;
    }

    static async Task<long> CountEventsAsync(IDocumentStore store, CancellationToken ct)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand($"select count(*) from {store.Options.Events.DatabaseSchemaName}.mt_events", connection);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>A line each time the slowest projection passes another tenth of the log.</summary>
    sealed class RebuildProgress(TextWriter log, IReadOnlyList<string> projections, long highWater) : IObserver<ShardState>
    {
        readonly Dictionary<string, long> reached = projections.ToDictionary(p => p, _ => 0L);
        readonly Lock gate = new();
        int tenths;

        public void OnNext(ShardState state)
        {
            var projection = state.ShardName.Split(':')[0];
            lock (gate)
            {
                if (!reached.TryGetValue(projection, out var before) || state.Sequence <= before) return;
                reached[projection] = state.Sequence;
                var slowest = reached.Values.Min();
                var now = (int)Math.Min(10, slowest * 10 / highWater);
                if (now <= tenths) return;
                tenths = now;
                log.WriteLine($"rebuild: {tenths * 10}% (every read model past sequence {ProgressLine.Count(slowest)} of {ProgressLine.Count(highWater)})");
            }
        }

        public void OnCompleted() { }

        public void OnError(Exception error) { }
    }
}
