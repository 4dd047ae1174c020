using System.Text;
using System.Text.Json.Nodes;
using Alba;
using CloudNet.Compute.FloatingIps.Pools;
using CloudNet.History.Replay;
using CloudNet.Hosting;
using CloudNet.Tests.Support;
using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Wolverine;

namespace CloudNet.Tests.History.Replay;

/// <summary>
/// A bug report can carry the event log: <c>history-export</c> from one deployment, <c>history-import</c> into an empty
/// one, and both answer every GET the same; the imported one then keeps working (new addresses are free ones, MACs and
/// private IP ids continue after the imported ones). Import refuses a store in use and a log that is not whole.
/// </summary>
public class when_exporting_and_importing(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task into_a_deployment_that_only_seeded_its_networks_every_get_answers_as_in_the_exporting_one()
    {
        var history = await ScriptedHistory.RunAsync(app.Host);
        var exported = await GetCapture.TakeAsync(app.Host, history);
        var file = Path.Combine(Path.GetTempPath(), $"cloudnet-replay-{Guid.NewGuid():N}.jsonl.gz");
        var target = new AppFixture(); // the service started once on a database of its own: only the seeding events
        await target.InitializeAsync();
        try
        {
            (await new HistoryExportCommand().Execute(new HistoryExportInput { OutputFlag = file }.On(app.Host))).ShouldBeTrue();
            (await new HistoryImportCommand().Execute(new HistoryImportInput { InputFlag = file }.On(target.Host))).ShouldBeTrue();

            var restarted = await target.StartAnotherHostAsync();
            try
            {
                var imported = await GetCapture.TakeAsync(restarted, history);
                GetCapture.Differences(exported, imported).ShouldBeEmpty();

                // Both deployments go on the same way, and give out only addresses that nobody holds.
                var heldBefore = await LeasedAsync(app.ConnectionString);
                var macsBefore = await MacsAsync(app.ConnectionString);
                var original = await NextStepsAsync(app.Host, history);
                var copy = await NextStepsAsync(restarted, history);

                copy.Addresses.ShouldBe(original.Addresses, "the imported IPAM state gives out what the original would");
                copy.Addresses.ShouldNotContain(a => heldBefore.Contains(a));
                copy.Macs.ShouldNotContain(m => macsBefore.Contains(m));
            }
            finally
            {
                await restarted.StopAsync();
                await restarted.DisposeAsync();
            }
        }
        finally
        {
            await target.DisposeAsync();
            File.Delete(file);
        }
    }

    [Fact]
    public async Task into_a_database_the_service_never_started_on_and_a_log_cut_short_is_refused_whole()
    {
        var history = await ScriptedHistory.RunAsync(app.Host);
        var exported = await GetCapture.TakeAsync(app.Host, history);
        var log = new MemoryStream();
        var exportLog = new StringWriter();
        var count = await EventLogExport.WriteAsync(app.Host.DocumentStore(), log, exportLog, CancellationToken.None);
        exportLog.ToString().ShouldMatch($@"export: {count:N0} events in [0-9.]+ s \([0-9,]+ events/s\)");
        var lines = Encoding.UTF8.GetString(log.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBe((int)count + 1, "a header, then one line per event");
        lines[0].ShouldStartWith($"{{\"cloudnet_event_log\":1,\"schema\":\"cloudnet\",\"events\":{count},");

        var database = $"cloudnet_test_{Guid.NewGuid():N}";
        var connectionString = await PostgresServer.CreateDatabaseAsync(database);
        try
        {
            var configuration = new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = connectionString }).Build();
            using var store = new DocumentStore(CloudNetHost.StoreOptionsFor(configuration));
            var pools = app.Host.Services.GetRequiredService<FloatingIpPools>();

            // The last event missing: its stream announces a version the file does not reach. Nothing is written.
            var cut = new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', lines[..^1])));
            var refusal = await Should.ThrowAsync<InvalidDataException>(() => EventLogImport.LoadAsync(store, cut, TextWriter.Null, CancellationToken.None));
            refusal.Message.ShouldContain("incomplete");
            (await CountEventsAsync(connectionString)).ShouldBe(0L);

            var importLog = new StringWriter();
            log.Position = 0;
            await EventLogImport.ImportAsync(store, pools, log, importLog, CancellationToken.None);
            var report = importLog.ToString();
            report.ShouldMatch($@"import: {count:N0} events in [0-9.]+ s \([0-9,]+ events/s\); events and streams written");
            report.ShouldContain("rebuild: 100%");
            report.ShouldContain("write side: ");
            (await CountEventsAsync(connectionString)).ShouldBe(count);

            var service = await StartServiceAsync(connectionString);
            try
            {
                GetCapture.Differences(exported, await GetCapture.TakeAsync(service, history)).ShouldBeEmpty();
                var allocated = await service.AllocateFloatingIp(TestAccount.Other);
                (await LeasedAsync(app.ConnectionString)).ShouldNotContain(allocated["ip"].Str());
            }
            finally
            {
                await service.StopAsync();
                await service.DisposeAsync();
            }
        }
        finally
        {
            await PostgresServer.DropDatabaseAsync(database);
        }
    }

    [Fact]
    public async Task a_store_in_use_is_refused_and_left_as_it_was()
    {
        await ScriptedHistory.RunAsync(app.Host);
        var store = app.Host.DocumentStore();
        var events = await CountEventsAsync(app.ConnectionString);
        var log = new MemoryStream();
        await EventLogExport.WriteAsync(store, log, TextWriter.Null, CancellationToken.None);
        log.Position = 0;

        var refusal = await Should.ThrowAsync<ImportRefused>(() => EventLogImport.LoadAsync(store, log, TextWriter.Null, CancellationToken.None));

        refusal.Message.ShouldContain("already holds events");
        refusal.Message.ShouldContain("only writes into an empty store");
        (await CountEventsAsync(app.ConnectionString)).ShouldBe(events);
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(file, log.ToArray());
            (await new HistoryImportCommand().Execute(new HistoryImportInput { InputFlag = file }.On(app.Host))).ShouldBeFalse("exit code 1");
        }
        finally
        {
            File.Delete(file);
        }
        (await CountEventsAsync(app.ConnectionString)).ShouldBe(events);
    }

    sealed record NextSteps(List<string> Addresses, List<string> Macs);

    /// <summary>What a deployment does next: a floating IP, a server on the default networks, one on the tenant network with
    /// an interface attached to the isolated one, a shared IP, a private IP (listed after every older one).</summary>
    static async Task<NextSteps> NextStepsAsync(IAlbaHost host, ScriptedHistory history)
    {
        var demo = TestAccount.Demo;
        // The fault rule left armed applies (an instance reads the rules when their version moves).
        (await GetCapture.SendAsync(host, demo, "GET", history.Named["armed-path"])).Status.ShouldBe(599, "the armed fault rule fires once");
        (await GetCapture.SendAsync(host, demo, "GET", history.Named["armed-path"])).Status.ShouldBe(404, "and only once");
        var addresses = new List<string> { (await host.AllocateFloatingIp(demo))["ip"].Str() };
        var macs = new List<string>();
        foreach (var networks in new[] { null, new[] { new { uuid = history.Named["replay-net"] } } })
        {
            var server = await host.CreateServer(demo, "after-import", networks);
            addresses.AddRange(server.AddressEntries().Select(e => e.Addr));
            macs.AddRange(server["addresses"]!.AsObject().SelectMany(n => n.Value!.AsArray()).Select(e => e!["OS-EXT-IPS-MAC:mac_addr"].Str()));
            var vif = await GetCapture.SendAsync(host, demo, "POST", $"/servers/{server["id"].Str()}/os-virtual-interfacesv2",
                new { virtual_interface = new { network_id = history.Named["shared"] } });
            vif.Status.ShouldBe(200, vif.Body);
            var attached = JsonNode.Parse(vif.Body)!["virtual_interfaces"]![0]!;
            addresses.AddRange(attached["ip_addresses"]!.AsArray().Select(a => a!["address"].Str()));
            macs.Add(attached["mac_address"].Str());
        }
        var shared = await GetCapture.SendAsync(host, demo, "POST", "/v2.0/ip_addresses",
            new { ip_address = new { network_id = history.Named["shared"], version = 4, device_ids = new[] { history.Named["shared-a"], history.Named["shared-b"] } } });
        shared.Status.ShouldBe(201, shared.Body);
        addresses.Add(JsonNode.Parse(shared.Body)!["ip_address"]!["address"].Str());

        var subnet = history.Named["vpc-subnet"];
        var assigned = await GetCapture.SendAsync(host, demo, "POST", $"/v1/{demo.TenantId}/privateips",
            JsonNode.Parse($$"""{"privateips":[{"subnet_id":"{{subnet}}"}]}"""));
        assigned.Status.ShouldBe(200, assigned.Body);
        var privateIp = JsonNode.Parse(assigned.Body)!["privateips"]![0]!;
        addresses.Add(privateIp["ip_address"].Str());
        var listed = await GetCapture.SendAsync(host, demo, "GET", $"/v1/{demo.TenantId}/subnets/{subnet}/privateips");
        JsonNode.Parse(listed.Body)!["privateips"]!.AsArray().Last()!["id"].Str()
            .ShouldBe(privateIp["id"].Str(), "a new private IP id comes after every stored one");
        return new NextSteps(addresses, macs.Distinct().ToList());
    }

    static async Task<HashSet<string>> LeasedAsync(string connectionString) =>
        [.. await ColumnAsync(connectionString, "select host(address) from cloudnet.ip_leases")];

    static async Task<HashSet<string>> MacsAsync(string connectionString) =>
        [.. await ColumnAsync(connectionString, "select distinct btrim(m::text, '\"') from cloudnet.mt_events e, jsonb_path_query(e.data, '$.**.MacAddress') m")];

    static async Task<long> CountEventsAsync(string connectionString) =>
        long.Parse((await ColumnAsync(connectionString, "select count(*)::text from cloudnet.mt_events")).Single());

    static async Task<List<string>> ColumnAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync()) values.Add(reader.GetString(0));
        return values;
    }

    /// <summary>The service on a database that already holds an imported log, as <see cref="AppFixture"/> starts it.</summary>
    static Task<IAlbaHost> StartServiceAsync(string connectionString) => AlbaHost.For<Program>(builder =>
    {
        builder.UseSetting("ConnectionStrings:Postgres", connectionString);
        builder.ConfigureServices(services =>
        {
            services.DisableAllExternalWolverineTransports();
            services.RunWolverineInSoloMode();
        });
    });
}
