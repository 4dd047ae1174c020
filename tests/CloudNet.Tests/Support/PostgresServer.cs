using Npgsql;
using Testcontainers.PostgreSql;

namespace CloudNet.Tests.Support;

/// <summary>
/// The PostgreSQL server the tests run against: the one named by <c>ConnectionStrings__Postgres</c> (what
/// <c>ops/test</c> exports), or, where that is unset and a Docker engine answers, one started with
/// Testcontainers. Each fixture gets a database of its own on it.
/// </summary>
public static class PostgresServer
{
    public const string EnvironmentVariable = "ConnectionStrings__Postgres";

    static readonly SemaphoreSlim Gate = new(1, 1);
    static string? connectionString;
    static PostgreSqlContainer? container;

    public static async Task<string> ConnectionStringAsync()
    {
        if (connectionString is not null) return connectionString;
        await Gate.WaitAsync();
        try
        {
            if (connectionString is not null) return connectionString;
            var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
            if (!string.IsNullOrWhiteSpace(configured)) return connectionString = configured;
            try
            {
                container = new PostgreSqlBuilder("postgres:15").Build();
                await container.StartAsync();
                AppDomain.CurrentDomain.ProcessExit += (_, _) => container.DisposeAsync().AsTask().Wait();
                return connectionString = container.GetConnectionString();
            }
            catch (Exception ex)
            {
                throw new InvalidOperationException(
                    $"The tests need PostgreSQL: set {EnvironmentVariable} (ops/test does it for you) " +
                    "or run them where a Docker engine is available for Testcontainers.", ex);
            }
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Creates an empty database and returns the connection string that points at it.</summary>
    public static async Task<string> CreateDatabaseAsync(string name)
    {
        var server = await ConnectionStringAsync();
        await ExecuteOnServerAsync(server, $"CREATE DATABASE \"{name}\"");
        return new NpgsqlConnectionStringBuilder(server) { Database = name, MaxPoolSize = 100 }.ConnectionString;
    }

    public static async Task DropDatabaseAsync(string name)
    {
        await ExecuteOnServerAsync(await ConnectionStringAsync(), $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
    }

    static async Task ExecuteOnServerAsync(string server, string sql)
    {
        var admin = new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ConnectionString;
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
