using Npgsql;

namespace CloudNet.Tests.Reliability;

/// <summary>
/// A fingerprint of every table of the service's schema that holds its data (events, streams, read models, IPAM
/// leases and cursors, tokens, rate counters): row count and an md5 of the rows, per table. Wolverine's own
/// tables and Marten's daemon bookkeeping are left out; they change on their own. So are Marten's tombstones (see
/// <see cref="NotTombstone"/>) and the IPAM cursors (see <see cref="CursorBookkeeping"/>).
/// </summary>
public sealed record DatabaseSnapshot(IReadOnlyDictionary<string, string> Tables)
{
    public const string Schema = "cloudnet";

    /// <summary>
    /// A scope's cursor moves a block at a time in a transaction of its own and reserves the addresses it passed for this
    /// process, whose allocations take them; a request refused after that (its rows rolled back) leaves the cursor further
    /// on and its address reserved, so the next allocation gets exactly the address it would have got. The rows differ,
    /// what the service hands out does not (<c>Ipam.when_a_request_is_refused_after_its_addresses_were_found</c>); the
    /// leases, which say who holds what, stay in the fingerprint.
    /// </summary>
    public static readonly string[] CursorBookkeeping = ["ipam_scopes", "ipam_released", "ipam_reserved", "ipam_reservers"];

    static readonly string[] Bookkeeping =
        ["mt_doc_envelope", "mt_doc_deadletterevent", "mt_event_progression", "mt_high_water_skips", "mt_event_projection_floors",
            .. CursorBookkeeping];

    public static async Task<IReadOnlyList<string>> DataTablesAsync(NpgsqlDataSource database)
    {
        await using var command = database.CreateCommand(
            "select table_name from information_schema.tables where table_schema = @schema and table_type = 'BASE TABLE' " +
            "and table_name not like 'wolverine%' order by table_name");
        command.Parameters.AddWithValue("schema", Schema);
        var tables = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        return tables.Where(t => !Bookkeeping.Contains(t)).ToList();
    }

    public static async Task<DatabaseSnapshot> TakeAsync(NpgsqlDataSource database, IReadOnlyList<string> tables)
    {
        var sql = string.Join(" union all ", tables.Select(t =>
            $"select '{t}', count(*)::text || ':' || coalesce(md5(string_agg(x::text, E'\\n' order by x::text)), '') from {Schema}.\"{t}\" x" +
            Filter(t)));
        await using var command = database.CreateCommand(sql);
        var result = new Dictionary<string, string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) result[reader.GetString(0)] = reader.GetString(1);
        return new DatabaseSnapshot(result);
    }

    /// <summary>
    /// Marten's tombstones are left out: when a transaction that appended events fails (a rule refused the command at
    /// commit, a unique index said no), Marten records the event sequence numbers it had reserved as <c>tombstone</c>
    /// events of a stream of its own, so that the async daemon does not wait for them. They hold no data. The stream's
    /// row is written on its own when no sequence number had been reserved yet. Both are written in the background,
    /// after the failed request has been answered. The stream's id is chosen by each process
    /// (<see cref="JasperFx.Events.Tombstone.StreamId"/>); the service runs in this one.
    /// </summary>
    public const string NotTombstone = "type <> 'tombstone'";

    static string Filter(string table) => table switch
    {
        "mt_events" => $" where {NotTombstone}",
        "mt_streams" => $" where id <> '{JasperFx.Events.Tombstone.StreamId}'",
        _ => "",
    };

    /// <summary>The tables whose contents differ, with their before and after fingerprints.</summary>
    public IEnumerable<string> DifferencesFrom(DatabaseSnapshot before) =>
        Tables.Where(t => before.Tables.GetValueOrDefault(t.Key) != t.Value)
            .Select(t => $"{t.Key}: {before.Tables.GetValueOrDefault(t.Key)} -> {t.Value}");
}
