using System.Collections.Concurrent;
using Npgsql;

namespace CloudNet.Replicas;

/// <summary>
/// The servers reads go to (<c>ConnectionStrings:PostgresReads</c>): with several hosts, a standby first
/// (<c>Target Session Attributes=prefer-standby</c>, the default here when the string names none), and, for the reads a
/// standby cannot serve, the same hosts primary first (<c>prefer-primary</c>), so that while no primary exists the
/// survivor still answers. Npgsql keeps one pool per host for both.
/// </summary>
public sealed class ReadHosts : IAsyncDisposable
{
    readonly NpgsqlDataSource source;
    readonly string connectionString;
    readonly ConcurrentDictionary<string, NpgsqlDataSource> servers = new();

    public ReadHosts(string connectionString)
    {
        this.connectionString = connectionString;
        var written = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        source = new NpgsqlDataSourceBuilder(connectionString).Build();
        if (source is NpgsqlMultiHostDataSource multiHost)
        {
            Reads = written.ContainsKey("Target Session Attributes") || written.ContainsKey("TargetSessionAttributes")
                ? multiHost
                : multiHost.WithTargetSession(TargetSessionAttributes.PreferStandby);
            PrimaryFirst = multiHost.WithTargetSession(TargetSessionAttributes.PreferPrimary);
        }
        else
        {
            Reads = source;
        }
    }

    public NpgsqlDataSource Reads { get; }

    /// <summary>The read hosts, primary first; null when there is one read host (the session then uses the primary's own connection string).</summary>
    public NpgsqlDataSource? PrimaryFirst { get; }

    /// <summary>The one server <paramref name="connection"/> is open on, for a second connection there.</summary>
    public NpgsqlDataSource Server(NpgsqlConnection connection) =>
        servers.GetOrAdd($"{connection.Host}:{connection.Port}", _ =>
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString) { Host = connection.Host, Port = connection.Port };
            builder.Remove("Target Session Attributes");
            return NpgsqlDataSource.Create(builder);
        });

    public async ValueTask DisposeAsync()
    {
        await source.DisposeAsync();
        foreach (var server in servers.Values) await server.DisposeAsync();
    }
}
