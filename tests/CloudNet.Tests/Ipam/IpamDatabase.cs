using CloudNet.Ipam;
using Marten;
using CloudNet.Tests.Support;
using Npgsql;

namespace CloudNet.Tests.Ipam;

/// <summary>
/// A throw-away PostgreSQL database with the IPAM tables, created through Marten's schema management
/// exactly as the host creates them. The server comes from <see cref="PostgresServer"/>.
/// </summary>
public sealed class IpamDatabase : IAsyncLifetime
{
    public const string Schema = "cloudnet";

    private readonly string _name = $"ipam_{Guid.NewGuid():N}";
    private string? _databaseConnectionString;

    public NpgsqlDataSource DataSource { get; private set; } = null!;

    /// <summary>A second pool with its own connections, standing in for another API process.</summary>
    public NpgsqlDataSource OtherProcess { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var connectionString = await PostgresServer.CreateDatabaseAsync(_name);
        DataSource = NpgsqlDataSource.Create(connectionString);
        OtherProcess = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString)
            { ApplicationName = "ipam-tests-other-process" }.ConnectionString);

        _databaseConnectionString = connectionString;
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
        if (_databaseConnectionString is not null) await PostgresServer.DropDatabaseAsync(_name);
    }

    /// <summary>Runs <paramref name="work"/> in its own transaction, the way an API request would, and commits.</summary>
    public async Task<T> InTransactionAsync<T>(Func<AddressAllocator, Task<T>> work, NpgsqlDataSource? source = null)
    {
        await using var connection = await (source ?? DataSource).OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var result = await work(Allocator(connection, source));
        await transaction.CommitAsync();
        return result;
    }

    /// <summary>An allocator on this connection, with the reservations of the process <paramref name="source"/> stands for.</summary>
    public AddressAllocator Allocator(NpgsqlConnection connection, NpgsqlDataSource? source = null)
    {
        source ??= DataSource;
        return new AddressAllocator(new PostgresLeaseLedger(connection, Schema, source.CreateConnection),
            source == OtherProcess ? _otherReservations : _reservations);
    }

    private readonly AddressReservations _reservations = new();
    private readonly AddressReservations _otherReservations = new();

    public async Task<T?> ScalarAsync<T>(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        var value = await command.ExecuteScalarAsync();
        return value is null or DBNull ? default : (T)value;
    }
}
