using CloudNet.Ipam;
using Marten;
using Npgsql;

namespace CloudNet.Tests.Ipam;

/// <summary>
/// A throw-away PostgreSQL database with the IPAM tables, created through Marten's schema management
/// exactly as the host creates them. Needs the ConnectionStrings__Postgres environment variable.
/// </summary>
public sealed class IpamDatabase : IAsyncLifetime
{
    public const string Schema = "cloudnet";
    private const string EnvironmentVariable = "ConnectionStrings__Postgres";

    private readonly string _name = $"ipam_{Guid.NewGuid():N}";
    private string? _serverConnectionString;
    private string? _databaseConnectionString;

    public NpgsqlDataSource DataSource { get; private set; } = null!;

    /// <summary>A second pool with its own connections, standing in for another API process.</summary>
    public NpgsqlDataSource OtherProcess { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(configured))
            throw new InvalidOperationException(
                $"The IPAM integration tests need a PostgreSQL server: set {EnvironmentVariable}, e.g. " +
                "\"Host=127.0.0.1;Port=5432;Database=cloudnet;Username=postgres;Password=postgres\".");

        _serverConnectionString = new NpgsqlConnectionStringBuilder(configured) { Database = "postgres" }.ConnectionString;
        await ExecuteOnServerAsync($"CREATE DATABASE {_name}");

        var builder = new NpgsqlConnectionStringBuilder(configured) { Database = _name, MaxPoolSize = 100 };
        DataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        OtherProcess = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(builder.ConnectionString)
            { ApplicationName = "ipam-tests-other-process" }.ConnectionString);

        _databaseConnectionString = builder.ConnectionString;
        using var store = CreateStore();
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
    }

    public DocumentStore CreateStore() => DocumentStore.For(options =>
    {
        options.Connection(_databaseConnectionString!);
        options.DatabaseSchemaName = Schema;
        options.AddIpamTables();
    });

    public async Task DisposeAsync()
    {
        if (DataSource is not null) await DataSource.DisposeAsync();
        if (OtherProcess is not null) await OtherProcess.DisposeAsync();
        if (_serverConnectionString is not null)
            await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)");
    }

    /// <summary>Runs <paramref name="work"/> in its own transaction, the way an API request would, and commits.</summary>
    public async Task<T> InTransactionAsync<T>(Func<AddressAllocator, Task<T>> work, NpgsqlDataSource? source = null)
    {
        await using var connection = await (source ?? DataSource).OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var result = await work(new AddressAllocator(new PostgresLeaseLedger(connection, Schema)));
        await transaction.CommitAsync();
        return result;
    }

    public async Task<T?> ScalarAsync<T>(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        var value = await command.ExecuteScalarAsync();
        return value is null or DBNull ? default : (T)value;
    }

    private async Task ExecuteOnServerAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_serverConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
