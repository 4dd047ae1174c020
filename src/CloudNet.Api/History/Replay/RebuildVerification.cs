using CloudNet.Hosting;
using Marten;
using Npgsql;
using Weasel.Core;
using Weasel.Core.Migrations;

namespace CloudNet.History.Replay;

/// <summary>
/// Rebuilds every read model from the live events into a schema of its own (<c>{schema}_verify</c>), with the
/// service's very configuration, and compares it with the live read models (<see cref="ReadModelDiff"/>). The live
/// read models are only read, so this can run beside the service; a difference then means a read model that the
/// events do not explain (a projection bug, a hand edit, a lost write) or, with a busy service, a write that landed
/// during the comparison (run it again). The verify schema is dropped afterwards.
/// </summary>
/// <remarks>
/// The second store reads its events from the live schema (Marten's <c>Events.DatabaseSchemaName</c>). Marten would
/// create or migrate the event tables of that schema to suit the second store, so before anything is written this
/// checks that the second store expects exactly the live event tables and functions, and refuses otherwise. The
/// daemon's bookkeeping that the rebuild leaves in the live schema is restored (<see cref="EventProgressSnapshot"/>).
/// </remarks>
public static class RebuildVerification
{
    public const string SchemaSuffix = "_verify";

    /// <summary>Returns the number of differences (0: the live read models are exactly what the events make).</summary>
    public static async Task<int> RunAsync(IDocumentStore live, IConfiguration configuration, TextWriter log, CancellationToken ct)
    {
        var eventsSchema = live.Options.Events.DatabaseSchemaName;
        var verifySchema = live.Options.DatabaseSchemaName + SchemaSuffix;
        var options = CloudNetHost.StoreOptionsFor(configuration, verifySchema);
        options.Events.DatabaseSchemaName = eventsSchema;
        using var rebuilt = new DocumentStore(options);

        var migration = await rebuilt.Storage.Database.CreateMigrationAsync((IFeatureSchema)rebuilt.Options.Events, ct);
        // The event feature also carries the projections' own tables (address_holdings), which belong to the verify schema.
        var changed = migration.Deltas
            .Where(d => d.SchemaObject.Identifier.Schema == eventsSchema && d.Difference != SchemaPatchDifference.None)
            .Select(d => $"{d.SchemaObject.Identifier} ({d.Difference})")
            .ToList();
        if (changed.Count > 0)
            throw new InvalidOperationException(
                $"The event store in schema {eventsSchema} is not what this version of the service expects: {string.Join(", ", changed)}. " +
                "Start the service once (it migrates them) before verifying. Nothing was changed.");

        await using var connection = live.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        var progress = await EventProgressSnapshot.TakeAsync(connection, eventsSchema, ct);
        try
        {
            await DropAsync(connection, verifySchema, ct); // a schema left over by an interrupted run
            log.WriteLine($"verify: rebuilding every read model from the events of schema {eventsSchema} into schema {verifySchema}");
            await rebuilt.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
            await ProjectionRebuild.RebuildAllAsync(rebuilt, log, ct);

            var diff = new ReadModelDiff(connection, log);
            await diff.CompareAsync(live, rebuilt, ct);
            log.WriteLine(diff.Differences == 0
                ? $"verify: no difference: {diff.Rows:N0} live read-model rows are exactly what the events make"
                : $"verify: {diff.Differences:N0} differences in {diff.Rows:N0} live read-model rows");
            return diff.Differences;
        }
        finally
        {
            try
            {
                await progress.RestoreAsync(connection, CancellationToken.None);
            }
            finally
            {
                await DropAsync(connection, verifySchema, CancellationToken.None);
            }
        }
    }

    static async Task DropAsync(NpgsqlConnection connection, string schema, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"drop schema if exists {schema} cascade", connection);
        await command.ExecuteNonQueryAsync(ct);
    }
}
