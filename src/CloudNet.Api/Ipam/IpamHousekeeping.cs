using Marten;
using Npgsql;

namespace CloudNet.Ipam;

/// <summary>
/// Keeps the IPAM tables this process uses small and its reservations recoverable, every few seconds:
/// <list type="bullet">
/// <item>vacuums <c>ipam_released</c> and <c>ipam_reserved</c> while this process takes from them: every take deletes a
/// row, and both are read from their lowest row, so between two of autovacuum's visits (a minute apart by default) the
/// dead rows would pile up in front of the lowest live one and every take would scan them all. VACUUM of these small
/// tables takes a few milliseconds; SKIP_LOCKED leaves it to another node already doing it;</item>
/// <item>says that this process is alive (<c>ipam_reservers</c>), once it has reserved addresses, and gives the
/// reservations of processes silent for a minute (killed) back to the released list;</item>
/// <item>at shutdown, gives this process's own unused reservations back to the released list.</item>
/// </list>
/// </summary>
public sealed class IpamHousekeeping(IDocumentStore store, ILogger<IpamHousekeeping> logger) : BackgroundService
{
    static readonly TimeSpan Every = TimeSpan.FromSeconds(5);
    static readonly TimeSpan Silent = TimeSpan.FromMinutes(1);

    string Table(string name) => IpamSchema.Qualified(store.Options.DatabaseSchemaName, name);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reservations = SessionAllocation.ReservationsOf(store);
        var seen = PostgresLeaseLedger.Takes;
        using var timer = new PeriodicTimer(Every);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                if (reservations.Registered)
                    await ExecuteAsync(KeepAlive(reservations.Owner), stoppingToken);
                var takes = PostgresLeaseLedger.Takes;
                if (takes == seen) continue;
                seen = takes;
                await ExecuteAsync(new NpgsqlCommand(
                    $"VACUUM (SKIP_LOCKED) {Table(IpamSchema.ReleasedTable)}, {Table(IpamSchema.ReservedTable)}"), stoppingToken);
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException && !stoppingToken.IsCancellationRequested)
            {
                // Housekeeping only: the database may be restarting; the next tick tries again.
                logger.LogDebug(ex, "IPAM housekeeping failed");
            }
        }
    }

    /// <summary>Before this process serves: what a killed predecessor reserved goes back to the released list now, if it has
    /// been silent long enough, rather than at this process's first keep-alive.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await ExecuteAsync(GiveBack(DeadOrOrphaned, Silent), cancellationToken);
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
        {
            logger.LogDebug(ex, "Recovering IPAM reservations failed");
        }
        await base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        var reservations = SessionAllocation.ReservationsOf(store);
        if (!reservations.Registered) return;
        try
        {
            await using var command = GiveBack($"owner = @owner", Silent);
            command.Parameters.Add(new NpgsqlParameter<Guid>("owner", NpgsqlTypes.NpgsqlDbType.Uuid) { TypedValue = reservations.Owner });
            command.CommandText += $"; DELETE FROM {Table(IpamSchema.ReserversTable)} WHERE owner = @owner";
            await ExecuteAsync(command, cancellationToken);
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or OperationCanceledException)
        {
            // A process that cannot give them back leaves them to the others: silent for a minute, it is taken for dead.
            logger.LogDebug(ex, "Giving back IPAM reservations failed");
        }
    }

    /// <summary>Renews this process's owner row (again, if it was taken for dead), and gives back the reservations of
    /// owners silent too long, or with no owner row at all.</summary>
    NpgsqlCommand KeepAlive(Guid owner)
    {
        var command = GiveBack(DeadOrOrphaned, Silent);
        command.CommandText = $"""
            INSERT INTO {Table(IpamSchema.ReserversTable)} AS o (owner, seen_at) VALUES (@owner, now())
            ON CONFLICT (owner) DO UPDATE SET seen_at = now();
            {command.CommandText}
            """;
        command.Parameters.Add(new NpgsqlParameter<Guid>("owner", NpgsqlTypes.NpgsqlDbType.Uuid) { TypedValue = owner });
        return command;
    }

    string DeadOrOrphaned => $"""
        r.owner IN (SELECT owner FROM dead)
        OR NOT EXISTS (SELECT 1 FROM {Table(IpamSchema.ReserversTable)} o WHERE o.owner = r.owner)
        """;

    /// <summary>Moves the reservations <paramref name="whose"/> picks (as <c>r</c>; <c>dead</c> the owners found silent)
    /// to the released list, skipping the rows an allocation is taking.</summary>
    NpgsqlCommand GiveBack(string whose, TimeSpan silent)
    {
        var reserved = Table(IpamSchema.ReservedTable);
        var command = new NpgsqlCommand($"""
            WITH dead AS (
                DELETE FROM {Table(IpamSchema.ReserversTable)} WHERE seen_at < now() - @silent RETURNING owner),
            given AS (
                DELETE FROM {reserved}
                WHERE (scope, address) IN (SELECT scope, address FROM {reserved} r WHERE {whose} FOR UPDATE SKIP LOCKED)
                RETURNING scope, address)
            INSERT INTO {Table(IpamSchema.ReleasedTable)} (scope, address) SELECT scope, address FROM given
            ON CONFLICT (scope, address) DO NOTHING
            """);
        command.Parameters.Add(new NpgsqlParameter<TimeSpan>("silent", NpgsqlTypes.NpgsqlDbType.Interval) { TypedValue = silent });
        return command;
    }

    async Task ExecuteAsync(NpgsqlCommand command, CancellationToken ct)
    {
        await using (command)
        {
            await using var connection = store.Storage.Database.CreateConnection();
            await connection.OpenAsync(ct);
            command.Connection = connection;
            await command.ExecuteNonQueryAsync(ct);
        }
    }
}
