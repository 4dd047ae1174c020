using CloudNet.History.Holdings;
using JasperFx.Events.Projections;
using Marten;
using Npgsql;

namespace CloudNet.History;

public static class Configuration
{
    /// <summary>An index Marten does not manage: "the events of request X" is a lookup by correlation id.</summary>
    public const string CorrelationIndex = "ix_mt_events_correlation_id";

    public static IServiceCollection AddHistoryFamily(this IServiceCollection services)
    {
        services.AddHostedService<HistoryIndexes>();
        return services;
    }

    /// <summary>Events per page when the daemon rebuilds a read model (Marten's default: 500).</summary>
    public const int RebuildBatchSize = 5_000;

    /// <summary>
    /// How the daemon rebuilds the read models (all inline, so this only matters to <c>projections rebuild</c>,
    /// <c>history-import</c> and <c>history-verify</c>): pages of <see cref="RebuildBatchSize"/> events, so a
    /// rebuild commits, records its progress and reloads the snapshots of a page ten times less often. Last: every
    /// projection must be registered by then.
    /// </summary>
    public static StoreOptions ConfigureRebuilds(this StoreOptions options)
    {
        foreach (var projection in options.Projections.All) projection.Options.BatchSize = RebuildBatchSize;
        // Five read models (tenants, fault rules, VPCs, networks, shared IPs) have a handful of events in a log of
        // thousands; without an index on the type each of their rebuilds reads the whole event table to find them.
        options.Events.EnableEventTypeIndex = true;
        return options;
    }

    public static StoreOptions ConfigureHistory(this StoreOptions options)
    {
        options.Projections.Add(new AddressHoldingsProjection(options.DatabaseSchemaName), ProjectionLifecycle.Inline);
        options.Events.IgnoreIndex(CorrelationIndex);
        return options;
    }
}

/// <summary>Creates the history indexes on Marten's event table at start, once Marten has created the table.</summary>
public sealed class HistoryIndexes(IDocumentStore store) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        var schema = store.Options.DatabaseSchemaName;
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            $"create index if not exists {Configuration.CorrelationIndex} on {schema}.mt_events (correlation_id)", connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
