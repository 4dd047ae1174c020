using CloudNet.Ids;
using Marten;
using Marten.Events;
using Npgsql;

namespace CloudNet.Vpc.PrivateIps;

/// <summary>
/// At start-up, makes <see cref="TimeOrderedIds"/> continue after the highest private IP id ever stored (released ones
/// included: their streams remain). Ids are time-ordered, so this matters when the stored ids are "later" than this
/// machine's clock: a log imported from a deployment whose clock ran ahead (<c>history-import</c>), or a clock set
/// back. Without it a new id could list before older ones, or even be the id of an existing stream.
/// </summary>
public sealed class PrivateIpIdFloor(IDocumentStore store) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        var schema = store.Options.Events.DatabaseSchemaName;
        var streamType = ((EventGraph)store.Options.Events).AggregateAliasFor(typeof(PrivateIp));
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand($"select id from {schema}.mt_streams where type = $1 order by id desc limit 1", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = streamType });
        if (await command.ExecuteScalarAsync(ct) is Guid highest) TimeOrderedIds.Shared.After(highest);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
