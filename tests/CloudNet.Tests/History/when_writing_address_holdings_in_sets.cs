using CloudNet.History.Holdings;
using CloudNet.Networks;
using CloudNet.Tests.Support;
using Npgsql;
using Weasel.Postgresql;

namespace CloudNet.Tests.History;

/// <summary>
/// <c>address_holdings</c> is written with a few set-based statements per call (<see cref="HoldingChanges"/>: a
/// command's events inline, a page or a chunk of the log on a rebuild) instead of one statement per event. For
/// random lists of assignments and releases of two addresses by a few holders, split into calls, valid and not
/// (an address held twice at once, an interval opened twice, a release of nothing, a second release), the statements
/// leave exactly the rows that the statements in event order leave, and refuse exactly the calls that those refuse.
/// </summary>
public class when_writing_address_holdings_in_sets : IAsyncLifetime
{
    readonly string database = $"holdings_sets_{Guid.NewGuid():N}"[..24];
    string connectionString = "";

    public async Task InitializeAsync()
    {
        connectionString = await PostgresServer.CreateDatabaseAsync(database);
        await using var connection = await OpenAsync();
        foreach (var schema in new[] { "by_event", "in_sets" })
        {
            var create = new StringWriter();
            AddressHoldingsProjection.Table(schema).WriteCreateStatement(new PostgresqlMigrator(), create);
            await ExecuteAsync(connection, $"create schema {schema}; {create}");
        }
    }

    public async Task DisposeAsync() => await PostgresServer.DropDatabaseAsync(database);

    [Fact]
    public async Task the_rows_and_the_refusals_are_those_of_one_statement_per_event()
    {
        var random = new Random(20261126);
        var network = Guid.NewGuid();
        string[] addresses = ["10.9.0.1", "10.9.0.2"];
        var holders = Enumerable.Range(0, 5).Select(_ => Guid.NewGuid()).ToArray();
        int refused = 0, calls = 0;
        await using var connection = await OpenAsync();

        // The orders that set-based statements could get wrong, each checked against the statements in event order.
        Guid h1 = holders[0], h2 = holders[1];
        object Open(Guid holder) => new NetworkAddressAssigned(network, Guid.Empty, addresses[0], holder, "port", holder, "t", "u", default);
        object Close(Guid holder) => new NetworkAddressReleased(network, Guid.Empty, addresses[0], holder, "port", "u", default);
        List<List<object>>[] scripted =
        [
            [[Open(h1)], [Open(h2), Close(h1)]],          // held twice at once, the first released after: refused
            [[Open(h1)], [Close(h1), Open(h2)]],          // released, then held by another: accepted
            [[Open(h1), Close(h1), Open(h2)]],
            [[Open(h1), Open(h2), Close(h1)]],            // refused
            [[Open(h1)], [Open(h2), Close(h2)]],          // refused, although no interval is open twice at the end
            [[Open(h1), Close(h1), Close(h1)], [Close(h1)]],
            [[Open(h1), Close(h1)], [Open(h1)]],          // an interval opened twice: refused by the key
            [[Open(h1), Close(h1), Open(h1)]],
            [[Close(h1), Open(h1), Close(h1)]],
        ];
        bool[] refusedScripted = [true, false, false, true, true, false, true, true, false];
        for (var i = 0; i < scripted.Length; i++)
            (await CompareAsync(connection, scripted[i], $"scripted {i}")).ShouldBe(refusedScripted[i], $"scripted {i}");

        for (var scenario = 0; scenario < 300; scenario++)
        {
            var held = new Dictionary<string, Guid>(); // what a valid list would do next; invalid steps are drawn too
            var opened = new List<(string Address, Guid Holder)>();
            var script = new List<List<object>>();
            for (var call = 0; call < 4; call++)
            {
                var events = new List<object>();
                for (var step = random.Next(1, 8); step > 0; step--)
                {
                    var address = addresses[random.Next(addresses.Length)];
                    var holder = holders[random.Next(holders.Length)];
                    var valid = random.Next(10) < 7;
                    if (held.TryGetValue(address, out var holding) && (valid || random.Next(2) == 0))
                    {
                        // Invalid: the release of an interval closed already, of another address's, of one never opened.
                        if (!valid && opened.Count > 0 && random.Next(4) > 0) (address, holder) = opened[random.Next(opened.Count)];
                        events.Add(new NetworkAddressReleased(network, Guid.Empty, address, valid ? holding : holder, "port", "u", default));
                        if (valid) held.Remove(address);
                    }
                    else
                    {
                        if (valid) holder = Guid.NewGuid();
                        events.Add(new NetworkAddressAssigned(network, Guid.Empty, address, holder, "port", holder, "t", "u", default));
                        held[address] = holder;
                        opened.Add((address, holder));
                    }
                }
                script.Add(events);
            }
            calls += script.Count;
            if (await CompareAsync(connection, script, $"scenario {scenario}")) refused++;
        }

        refused.ShouldBeGreaterThan(50, "the random lists include refused ones");
        (calls - refused).ShouldBeGreaterThan(400, "and accepted ones");
    }

    /// <summary>Runs the calls both ways from empty tables, comparing the rows after each; true if a call was refused.</summary>
    async Task<bool> CompareAsync(NpgsqlConnection connection, List<List<object>> calls, string name)
    {
        await ExecuteAsync(connection, "delete from by_event.address_holdings; delete from in_sets.address_holdings");
        var instant = new DateTimeOffset(2026, 11, 26, 0, 0, 0, TimeSpan.Zero);
        for (var call = 0; call < calls.Count; call++)
        {
            instant = instant.AddSeconds(1);
            var byEvent = await ByEventAsync(connection, calls[call], instant);
            var inSets = await InSetsAsync(connection, calls[call], instant);
            inSets.ShouldBe(byEvent, $"{name}, call {call}: refused one way and not the other");
            (await RowsAsync(connection, "in_sets")).ShouldBe(await RowsAsync(connection, "by_event"), $"{name}, call {call}");
            if (byEvent) return true;
        }
        return false;
    }

    /// <summary>The statements of the projection before it wrote in sets, one per event, in one transaction. True: refused.</summary>
    async Task<bool> ByEventAsync(NpgsqlConnection connection, List<object> events, DateTimeOffset at)
    {
        await using var transaction = await connection.BeginTransactionAsync();
        try
        {
            var i = 0;
            foreach (var e in events)
            {
                var request = $"req-{i++}";
                await using var command = e switch
                {
                    NetworkAddressAssigned a => Command(connection,
                        "insert into by_event.address_holdings (network_id, address, holder_id, holder_kind, device_id, tenant_id, from_at, from_request, from_user) " +
                        "values ($1, $2::inet, $3, $4, $5, $6, $7, $8, $9)",
                        a.NetworkId, a.Address, a.HolderId, a.HolderKind, (object?)a.DeviceId ?? DBNull.Value, a.TenantId, at, request, "u"),
                    NetworkAddressReleased r => Command(connection,
                        "update by_event.address_holdings set to_at = $1, to_request = $2, to_user = $3 " +
                        "where network_id = $4 and address = $5::inet and holder_id = $6 and to_at is null",
                        at, request, "u", r.NetworkId, r.Address, r.HolderId),
                    _ => throw new InvalidOperationException(),
                };
                await command.ExecuteNonQueryAsync();
            }
            await transaction.CommitAsync();
            return false;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            await transaction.RollbackAsync();
            return true;
        }
    }

    async Task<bool> InSetsAsync(NpgsqlConnection connection, List<object> events, DateTimeOffset at)
    {
        var changes = new HoldingChanges();
        var i = 0;
        foreach (var e in events) changes.Add(e, Guid.NewGuid(), at, $"req-{i++}", "u");
        await using var transaction = await connection.BeginTransactionAsync();
        try
        {
            foreach (var (sql, parameters) in changes.Statements("in_sets.address_holdings"))
            {
                await using var command = Command(connection, AddressHoldingsReplay.Positional(sql), parameters);
                await command.ExecuteNonQueryAsync();
            }
            await transaction.CommitAsync();
            return false;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            await transaction.RollbackAsync();
            return true;
        }
    }

    static async Task<List<string>> RowsAsync(NpgsqlConnection connection, string schema)
    {
        var rows = new List<string>();
        await using var command = new NpgsqlCommand(
            $"select {AddressHolding.Columns} from {schema}.address_holdings order by network_id, address, holder_id", connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add(AddressHolding.Read(reader).ToString());
        return rows;
    }

    static NpgsqlCommand Command(NpgsqlConnection connection, string sql, params object[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var value in parameters) command.Parameters.Add(new NpgsqlParameter { Value = value });
        return command;
    }

    static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return connection;
    }
}
