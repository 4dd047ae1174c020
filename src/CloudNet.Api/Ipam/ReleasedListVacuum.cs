using Marten;
using Npgsql;

namespace CloudNet.Ipam;

/// <summary>
/// Vacuums <c>ipam_released</c> every few seconds while this process moves cursors. Every cursor step inserts a row
/// there and its allocation deletes it, so the list is a queue table: between two of autovacuum's visits (a minute
/// apart by default) the dead rows pile up in front of the lowest live one, and taking "the lowest released address"
/// scans them all — a cost that grew with the allocations of the last minute. VACUUM of this small table takes a few
/// milliseconds; SKIP_LOCKED leaves it to another node already doing it.
/// </summary>
public sealed class ReleasedListVacuum(IDocumentStore store, ILogger<ReleasedListVacuum> logger) : BackgroundService
{
    static readonly TimeSpan Every = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var released = IpamSchema.Qualified(store.Options.DatabaseSchemaName, IpamSchema.ReleasedTable);
        var seen = PostgresLeaseLedger.CursorSteps;
        using var timer = new PeriodicTimer(Every);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var steps = PostgresLeaseLedger.CursorSteps;
            if (steps == seen) continue;
            seen = steps;
            try
            {
                await using var connection = store.Storage.Database.CreateConnection();
                await connection.OpenAsync(stoppingToken);
                await using var vacuum = new NpgsqlCommand($"VACUUM (SKIP_LOCKED) {released}", connection);
                await vacuum.ExecuteNonQueryAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException && !stoppingToken.IsCancellationRequested)
            {
                // Housekeeping only: the database may be restarting; the next tick tries again.
                logger.LogDebug(ex, "Vacuuming {Table} failed", released);
            }
        }
    }
}
