using CloudNet.History.Replay;
using CloudNet.Tests.Support;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CloudNet.Tests.History.Replay;

/// <summary>
/// <c>history-verify</c> rebuilds every read model into a schema of its own and compares it with the live ones: silent
/// on a healthy store, and every hand-made corruption of a read model printed, with exit code 1. It leaves no schema
/// behind and the live daemon bookkeeping as it was.
/// </summary>
public class when_verifying_a_rebuild(AppFixture app) : IClassFixture<AppFixture>
{
    IDocumentStore Store => app.Host.DocumentStore();

    [Fact]
    public async Task a_healthy_store_has_no_difference_and_each_corrupted_row_is_reported()
    {
        await ScriptedHistory.RunAsync(app.Host);
        var bookkeeping = await SnapshotAsync("select coalesce(jsonb_agg(to_jsonb(p) order by name), '[]')::text from {0}.mt_event_progression p");
        var configuration = app.Host.Services.GetRequiredService<IConfiguration>();

        var healthy = new StringWriter();
        (await RebuildVerification.RunAsync(Store, configuration, healthy, CancellationToken.None)).ShouldBe(0, healthy.ToString());
        healthy.ToString().ShouldContain("verify: no difference");
        healthy.ToString().Split('\n').ShouldNotContain(line => line.StartsWith("difference:"));

        var schema = Store.Options.DatabaseSchemaName;
        var (ipId, holder) = await CorruptAsync(schema);
        var corrupted = new StringWriter();

        var differences = await RebuildVerification.RunAsync(Store, configuration, corrupted, CancellationToken.None);

        var report = corrupted.ToString();
        differences.ShouldBe(4, report);
        report.ShouldContain($"difference: {schema}.mt_doc_floatingip {ipId}: $.Address: live \"203.0.113.250\", rebuilt ");
        report.ShouldContain($"difference: {schema}.mt_doc_server {Guid.Empty}: only in the live read model");
        report.ShouldContain($"holder {holder}: $.to_user: live \"mallory\", rebuilt \"demo\"");
        report.ShouldContain("only in the rebuild: missing from the live read model");
        report.ShouldContain("verify: 4 differences");

        // The command itself: exit code 1 (false) on differences.
        (await new HistoryVerifyCommand().Execute(new HistoryVerifyInput().On(app.Host))).ShouldBeFalse();
        (await ScalarAsync($"select count(*) from information_schema.schemata where schema_name = '{schema}{RebuildVerification.SchemaSuffix}'"))
            .ShouldBe(0L, "the verify schema is dropped");
        (await SnapshotAsync("select coalesce(jsonb_agg(to_jsonb(p) order by name), '[]')::text from {0}.mt_event_progression p"))
            .ShouldBe(bookkeeping, "the live projection progress is left as it was");

        // A rebuild of the live read models repairs them: exit code 0.
        await ProjectionRebuild.RebuildAllAsync(Store, TextWriter.Null, CancellationToken.None);
        (await new HistoryVerifyCommand().Execute(new HistoryVerifyInput().On(app.Host))).ShouldBeTrue();
    }

    /// <summary>Four corruptions by SQL: a field changed, a document made up, an interval's column changed, an interval deleted.</summary>
    async Task<(Guid IpId, Guid Holder)> CorruptAsync(string schema)
    {
        var ipId = (Guid)(await ScalarAsync($"select id from {schema}.mt_doc_floatingip order by id limit 1"))!;
        await ExecuteAsync($"update {schema}.mt_doc_floatingip set data = jsonb_set(data, '{{Address}}', '\"203.0.113.250\"') where id = '{ipId}'");
        await ExecuteAsync($"insert into {schema}.mt_doc_server (id, data, mt_version, mt_dotnet_type) " +
            $"select '{Guid.Empty}', data, mt_version, mt_dotnet_type from {schema}.mt_doc_server limit 1");
        // One row each (a port holds an IPv4 and an IPv6 address of PublicNet: two rows of one holder).
        var holder = (Guid)(await ScalarAsync($"select holder_id from {schema}.address_holdings where to_at is not null order by holder_id limit 1"))!;
        await ExecuteAsync($"update {schema}.address_holdings set to_user = 'mallory' where ctid = " +
            $"(select ctid from {schema}.address_holdings where holder_id = '{holder}' order by address limit 1)");
        await ExecuteAsync($"delete from {schema}.address_holdings where ctid = " +
            $"(select ctid from {schema}.address_holdings where to_at is null order by holder_id, address limit 1)");
        return (ipId, holder);
    }

    async Task<string> SnapshotAsync(string sql) => (string)(await ScalarAsync(string.Format(sql, Store.Options.Events.DatabaseSchemaName)))!;

    async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        (await command.ExecuteNonQueryAsync()).ShouldBeGreaterThan(0, sql);
    }
}
