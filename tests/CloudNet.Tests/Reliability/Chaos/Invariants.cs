using Npgsql;

namespace CloudNet.Tests.Reliability.Chaos;

/// <summary>
/// What must hold in the database after any fault, checked in SQL below the API (the same queries as ops/chaos):
/// no address held twice, no allocation half-done, no command whose events are in one stream and not the other.
/// </summary>
public static class Invariants
{
    public sealed record Report(long Duplicates, long Orphans, long HalfWritten)
    {
        public override string ToString() => $"{Duplicates} duplicates, {Orphans} orphan leases, {HalfWritten} half-written commands";
    }

    public static async Task<Report> CheckAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return new Report(
            await Scalar(connection, """
                select
                  (select count(*) from (select data->>'Address' from cloudnet.mt_doc_floatingip group by 1 having count(*) > 1) a)
                + (select count(*) from (select data->>'SubnetId', data->>'Address' from cloudnet.mt_doc_privateip group by 1, 2 having count(*) > 1) b)
                + (select count(*) from (select network_id, address from cloudnet.address_holdings where to_at is null group by 1, 2 having count(*) > 1) c)
                """),
            await Scalar(connection, """
                select
                  (select count(*) from cloudnet.mt_doc_floatingip f where not exists
                     (select 1 from cloudnet.ip_leases l where l.scope like 'pool:%' and host(l.address) = f.data->>'Address'))
                + (select count(*) from cloudnet.ip_leases l where l.scope like 'pool:%' and not exists
                     (select 1 from cloudnet.mt_doc_floatingip f where f.data->>'Address' = host(l.address)))
                """),
            await Scalar(connection, """
                select
                  (select count(*) from (select correlation_id from cloudnet.mt_events
                     where type in ('floating_ip_associated', 'floating_ip_added_to_server') group by correlation_id
                     having count(*) filter (where type = 'floating_ip_associated') <> 1
                         or count(*) filter (where type = 'floating_ip_added_to_server') <> 1) a)
                + (select count(*) from (select correlation_id from cloudnet.mt_events
                     where type in ('server_created', 'network_address_assigned') and coalesce(headers ->> 'command', causation_id) = 'CreateServer' group by correlation_id
                     having count(*) filter (where type = 'server_created') <> 1
                         or count(*) filter (where type = 'network_address_assigned') < 1) b)
                """));
    }

    public static async Task<long> CountAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return await Scalar(connection, sql);
    }

    static async Task<long> Scalar(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }
}
