using System.Diagnostics;
using System.Text.RegularExpressions;
using Alba;
using CloudNet.Tests.Support;
using Npgsql;

namespace CloudNet.Tests.Hosting;

/// <summary>
/// <c>ops/bench</c> measures each allocating command against the same writes in raw SQL (<c>ops/reference/*.sql</c>,
/// issue 18). Those scripts are only a fair reference while they write what the service writes: here each one runs in
/// both of its forms against the schema the service made, and its tables are compared with the tables the command itself
/// adds rows to. A schema change the scripts do not follow, or a command that starts or stops writing a table, fails here.
/// </summary>
public sealed partial class when_checking_the_reference_scripts(AppFixture app) : IClassFixture<AppFixture>
{
    static readonly string Root = RepositoryRoot();

    /// <summary>The scripts of ops/reference, as ops/lib/bench/reference.py lists them.</summary>
    public static TheoryData<string> ReferenceScripts => new() { "floating-ip", "private-ip", "port", "server", "shared-ip" };

    // Bookkeeping beside the command's own writes: Wolverine's node and envelope tables, the rate-limit windows, and
    // IPAM's reservations (the cursor moves a block of addresses at a time: a command takes one reserved row, and every
    // so often one reserves a block; the scripts pick their address from a sequence instead).
    static readonly string[] NotTheCommands = ["rate_counters", "ipam_reserved", "ipam_reservers"];

    [Theory]
    [MemberData(nameof(ReferenceScripts))]
    public async Task Each_script_writes_as_many_rows_in_each_table_as_its_command(string scenario)
    {
        var command = await CommandOf(scenario);
        await command(); // a first one may make what later ones find (the tenant's default security group)
        var before = await RowCountsAsync();
        await command();
        var after = await RowCountsAsync();
        var written = after.Where(t => t.Value != before.GetValueOrDefault(t.Key))
            .Select(t => $"{t.Key} +{t.Value - before.GetValueOrDefault(t.Key)}").Order().ToList();

        // Each insert of a script writes one row: so many rows in so many tables as the command.
        Inserts(scenario).GroupBy(i => i.Table).Select(g => $"{g.Key} +{g.Count()}").Order().ToList().ShouldBe(written);
    }

    [Theory]
    [MemberData(nameof(ReferenceScripts))]
    public async Task Each_script_runs_on_the_services_schema_in_both_forms(string scenario)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await ExecuteAsync(connection, Reference("setup"));

        // One statement per round trip, as pgbench runs the file: each write must write a row.
        var lines = Statements(scenario);
        var values = await GsetAsync(connection, lines[0]);
        foreach (var statement in lines.Skip(1).Where(s => s.TrimEnd(';') is not ("begin" or "commit")))
            (await ExecuteAsync(connection, Substitute(statement, values))).ShouldBeGreaterThan(0, statement);

        // The one-round-trip form: the same statements in one PL/pgSQL function.
        var events = await ScalarAsync<long>(connection, "select count(*) from cloudnet.mt_events");
        await ExecuteAsync(connection, Run("python3", Path.Combine(Root, "ops", "lib", "bench", "reference.py"), "function", scenario));
        await ExecuteAsync(connection, $"select cloudnet.reference_{scenario.Replace('-', '_')}()");
        (await ScalarAsync<long>(connection, "select count(*) from cloudnet.mt_events")).ShouldBeGreaterThan(events);

        // Every column a row of those tables needs is one the script fills.
        foreach (var (table, columns) in Inserts(scenario))
        {
            var required = await ColumnsAsync(connection,
                $"select column_name from information_schema.columns where table_schema = 'cloudnet' and table_name = '{table}' " +
                "and is_nullable = 'NO' and column_default is null");
            required.Except(columns).ShouldBeEmpty($"{table}: columns the script leaves out");
        }
        await transaction.RollbackAsync();
    }

    async Task<Func<Task>> CommandOf(string scenario)
    {
        var host = app.Host;
        var demo = TestAccount.Demo;
        switch (scenario)
        {
            case "floating-ip":
                return () => host.AllocateFloatingIp(demo);
            case "private-ip":
            {
                var network = await Created(host, "/os-networksv2", new { network = new { label = "ref", cidr = "10.210.0.0/24" } }, "network");
                return () => Created(host, $"/v1/{demo.TenantId}/privateips", new { privateips = new[] { new { subnet_id = network } } }, "privateips");
            }
        }
        var net = await Created(host, "/v2.0/networks", new { network = new { name = $"ref-{scenario}" } }, "network");
        await Created(host, "/v2.0/subnets", new { subnet = new { network_id = net, cidr = "10.211.0.0/24", ip_version = 4 } }, "subnet");
        var networks = new[] { new { uuid = net } };
        switch (scenario)
        {
            case "port":
                return () => Created(host, "/v2.0/ports", new { port = new { network_id = net } }, "port");
            case "server":
                return () => host.CreateServer(demo, networks: networks);
            default:
                var devices = new[] { (await host.CreateServer(demo, networks: networks))["id"].Str(), (await host.CreateServer(demo, networks: networks))["id"].Str() };
                return () => Created(host, "/v2.0/ip_addresses", new { ip_address = new { network_id = net, version = 4, device_ids = devices } }, "ip_address");
        }
    }

    static async Task<string> Created(IAlbaHost host, string url, object body, string name)
    {
        var result = await host.As(TestAccount.Demo, x => x.Post.Json(body).ToUrl(url));
        result.Status().ShouldBeInRange(200, 202, await result.ReadAsTextAsync());
        var created = (await result.Json())[name]!;
        return (created is System.Text.Json.Nodes.JsonArray list ? list[0]! : created)["id"].Str();
    }

    async Task<Dictionary<string, long>> RowCountsAsync()
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        var tables = await ColumnsAsync(connection,
            "select table_name from information_schema.tables where table_schema = 'cloudnet' and table_type = 'BASE TABLE' " +
            "and table_name not like 'wolverine%'");
        var counts = new Dictionary<string, long>();
        foreach (var table in tables.Except(NotTheCommands))
            counts[table] = await ScalarAsync<long>(connection, $"select count(*) from cloudnet.\"{table}\"");
        return counts;
    }

    static IEnumerable<(string Table, string[] Columns)> Inserts(string scenario) =>
        InsertInto().Matches(string.Join("\n", Statements(scenario)))
            .Select(m => (m.Groups[1].Value, m.Groups[2].Value.Split(',').Select(c => c.Trim().Trim('"')).ToArray()));

    [GeneratedRegex(@"insert into cloudnet\.(\w+) \(([^)]*)\)")]
    private static partial Regex InsertInto();

    static string Reference(string name) => File.ReadAllText(Path.Combine(Root, "ops", "reference", $"{name}.sql"));

    static List<string> Statements(string scenario) =>
        Reference(scenario).Split('\n').Where(l => l.Trim().Length > 0 && !l.StartsWith("--")).ToList();

    /// <summary>The script's first line, <c>select … as name, … \gset</c>: runs it and keeps each value by its name.</summary>
    static async Task<Dictionary<string, string>> GsetAsync(NpgsqlConnection connection, string line)
    {
        await using var command = new NpgsqlCommand(line.Replace(@"\gset", ""), connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, i => reader.GetValue(i).ToString()!);
    }

    /// <summary>As pgbench does: <c>:name</c> becomes the value's text wherever it stands (never a cast's <c>::type</c>).</summary>
    static string Substitute(string statement, Dictionary<string, string> values) =>
        Regex.Replace(statement, @"(?<!:):(\w+)", m => values.TryGetValue(m.Groups[1].Value, out var v) ? v : m.Value);

    static async Task<int> ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteNonQueryAsync();
    }

    static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    static async Task<List<string>> ColumnsAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var names = new List<string>();
        while (await reader.ReadAsync()) names.Add(reader.GetString(0));
        return names;
    }

    static string Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        process.ExitCode.ShouldBe(0, errors);
        return output;
    }

    static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CloudNet.EventSourced.sln"))) return dir.FullName;
        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} holds CloudNet.EventSourced.sln.");
    }
}
