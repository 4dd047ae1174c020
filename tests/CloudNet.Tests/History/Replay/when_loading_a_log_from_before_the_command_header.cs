using CloudNet.History.Replay;
using CloudNet.Tests.Support;
using Npgsql;

namespace CloudNet.Tests.History.Replay;

/// <summary>
/// Until 2026-12-08 the command's name was stored as the events' causation id; it has a header of its own now, and the
/// causation id is Wolverine's. A log exported by the build before (<c>Logs/exported-before-the-command-header.jsonl</c>,
/// a floating IP allocated and a network made by <see cref="TestAccount.Demo"/>) still loads, and its events still name
/// their commands; what the service writes from now on carries the header.
/// </summary>
public class when_loading_a_log_from_before_the_command_header(AppFixture app) : IClassFixture<AppFixture>
{
    static readonly string Log = Path.Combine(AppContext.BaseDirectory, "History", "Replay", "Logs", "exported-before-the-command-header.jsonl");
    const string FloatingIpId = "01a253a4-9ec0-7a36-8deb-cafa16120219";
    const string NetworkId = "01a253a4-9f7d-7d57-ac89-628d96f4fa6b";

    [Fact]
    public async Task its_events_name_their_commands_and_new_ones_carry_the_header()
    {
        (await new HistoryImportCommand().Execute(new HistoryImportInput { InputFlag = Log }.On(app.Host))).ShouldBeTrue();
        var host = await app.StartAnotherHostAsync();
        try
        {
            var allocated = (await host.EventsOf(TestAccount.Demo, "floating-ips", FloatingIpId)).ShouldHaveSingleItem()!;
            allocated["type"].Str().ShouldBe("floating_ip_allocated");
            allocated["command"].Str().ShouldBe("AllocateFloatingIp");
            (await host.EventsOf(TestAccount.Demo, "networks", NetworkId))[0]!["command"].Str().ShouldBe("CreateNetwork");

            // The imported service goes on: a release now is named by its header, and leaves the causation id alone.
            (await host.As(TestAccount.Demo, x => x.Delete.Url($"/os-floating-ips/{FloatingIpId}"))).Status().ShouldBe(202);
            var events = await host.EventsOf(TestAccount.Demo, "floating-ips", FloatingIpId);
            events.Select(e => e!["command"].Str()).ShouldBe(["AllocateFloatingIp", "ReleaseFloatingIp"]);

            await using var connection = new NpgsqlConnection(app.ConnectionString);
            await connection.OpenAsync();
            await using var stored = new NpgsqlCommand(
                "select causation_id, headers ->> 'command' from cloudnet.mt_events where stream_id = $1 order by version", connection);
            stored.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = Guid.Parse(FloatingIpId) });
            var rows = new List<(string?, string?)>();
            await using (var reader = await stored.ExecuteReaderAsync())
                while (await reader.ReadAsync()) rows.Add((reader.IsDBNull(0) ? null : reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1)));
            rows.ShouldBe([("AllocateFloatingIp", null), (null, "ReleaseFloatingIp")], "the old event as it was written; the new one by its header");
        }
        finally
        {
            await host.StopAsync();
            await host.DisposeAsync();
        }
    }
}
