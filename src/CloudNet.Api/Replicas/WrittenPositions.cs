using System.Collections.Concurrent;
using Marten;
using NpgsqlTypes;

namespace CloudNet.Replicas;

/// <summary>
/// How far into the primary's write-ahead log each tenant's last acknowledged write reaches, as this process saw it
/// (one entry per tenant that wrote through it). A read of that tenant may be served by a standby once the standby
/// has replayed that far: that is read-your-writes for every client of the tenant on this node. Clients that go
/// through several nodes carry the position themselves (<see cref="ReadRouting.WrittenHeader"/> back as
/// <see cref="ReadRouting.ReadAfterHeader"/>).
/// </summary>
public sealed class WrittenPositions(IDocumentStore store)
{
    readonly ConcurrentDictionary<string, ulong> byTenant = new();

    public ulong For(string tenant) => byTenant.TryGetValue(tenant, out var lsn) ? lsn : 0;

    public void Record(string tenant, ulong lsn) => byTenant.AddOrUpdate(tenant, lsn, (_, known) => Math.Max(known, lsn));

    /// <summary>
    /// The primary's WAL position flushed so far, asked after the request's commit: the commit record of a write that
    /// was acknowledged lies at or before it (a synchronous commit is flushed before it returns). PostgreSQL 15 tells no
    /// transaction its own commit position; this one can only be later, which costs a read at most a short wait.
    /// </summary>
    public async Task<ulong> PrimaryFlushedAsync(CancellationToken ct)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "select pg_current_wal_flush_lsn()";
        return (ulong)(NpgsqlLogSequenceNumber)(await command.ExecuteScalarAsync(ct))!;
    }
}
