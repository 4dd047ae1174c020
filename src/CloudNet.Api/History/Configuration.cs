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
