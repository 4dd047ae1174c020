using CloudNet.History.Holdings;
using CloudNet.History.Replay;
using CloudNet.Tests.Support;
using JasperFx.Events.CommandLine;
using Marten;
using Npgsql;

namespace CloudNet.Tests.History.Replay;

/// <summary>
/// Issue #7, part 4: every read model (the inline snapshots and <c>address_holdings</c>) rebuilt from the events, through
/// the JasperFx command line's <c>projections rebuild</c>, and every GET of every family answers exactly as before.
/// The read models are emptied first, so a rebuild that did nothing could not pass.
/// </summary>
public class when_rebuilding_read_models(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task projections_rebuild_makes_every_get_answer_byte_for_byte_as_before()
    {
        var history = await ScriptedHistory.RunAsync(app.Host);
        var before = await GetCapture.TakeAsync(app.Host, history);
        before.Answers.Count.ShouldBeGreaterThan(400, "the capture asks every list, member and history route");
        before.Answers.Count(a => a.Key.Contains(" GET /history/") && a.Value.StartsWith("200 ")).ShouldBeGreaterThan(300, "history answers");

        await EmptyReadModelsAsync();
        (await GetCapture.TakeAsync(app.Host, history)).Answers.ShouldNotBe(before.Answers, "emptied read models answer otherwise");

        var rebuilt = await new ProjectionsCommand().Execute(new ProjectionInput { Action = ProjectionAction.rebuild }.On(app.Host));

        rebuilt.ShouldBeTrue("projections rebuild reports success");
        var after = await GetCapture.TakeAsync(app.Host, history);
        GetCapture.Differences(before, after).ShouldBeEmpty();
    }

    [Fact]
    public async Task the_rebuild_that_import_and_verify_use_does_the_same_and_reports_its_progress()
    {
        var history = await ScriptedHistory.RunAsync(app.Host);
        var before = await GetCapture.TakeAsync(app.Host, history);
        await EmptyReadModelsAsync();
        var log = new StringWriter();

        var events = await ProjectionRebuild.RebuildAllAsync(app.Host.DocumentStore(), log, CancellationToken.None);

        GetCapture.Differences(before, await GetCapture.TakeAsync(app.Host, history)).ShouldBeEmpty();
        events.ShouldBeGreaterThan(50);
        var lines = log.ToString();
        lines.ShouldContain("rebuild: 100%");
        var projections = ((StoreOptions)app.Host.DocumentStore().Options).Projections.All.Select(p => p.Name).ToList();
        projections.ShouldContain(typeof(AddressHoldingsProjection).FullName!);
        foreach (var projection in projections) lines.ShouldContain($"rebuild: {projection} done in ");
        lines.ShouldMatch($@"rebuild of {projections.Count} read models: {events:N0} events in [0-9.]+ s \([0-9,]+ events/s\)");
    }

    /// <summary>
    /// A rebuild writes the snapshots of a batch's streams in no particular order (Marten's daemon applies a batch's
    /// streams concurrently and flushes them by id), so a release in one stream and the next allocation of the same address
    /// in another can reach the table the other way round. On a log of 100,000 events that made <c>projections rebuild</c>
    /// fail on the unique (pool, address) index floating IPs had. No projected document may have a unique index but its key.
    /// </summary>
    [Fact]
    public async Task no_projected_document_has_a_unique_index_across_streams()
    {
        var store = app.Host.DocumentStore();
        var tables = ((StoreOptions)store.Options).Projections.AllPublishedTypes().Distinct()
            .Select(t => store.Options.FindOrResolveDocumentType(t).TableName.Name).ToArray();
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            select i.indexrelid::regclass::text from pg_index i join pg_class t on t.oid = i.indrelid join pg_namespace n on n.oid = t.relnamespace
            where n.nspname = $1 and t.relname = any($2) and i.indisunique and not i.indisprimary
            """, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = store.Options.DatabaseSchemaName });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = tables });
        var unique = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync()) unique.Add(reader.GetString(0));

        tables.ShouldNotBeEmpty();
        unique.ShouldBeEmpty("a unique index across streams can fail a rebuild");
    }

    async Task EmptyReadModelsAsync()
    {
        var store = app.Host.DocumentStore();
        var tables = ((StoreOptions)store.Options).Projections.AllPublishedTypes().Distinct()
            .Select(t => store.Options.FindOrResolveDocumentType(t).TableName.QualifiedName)
            .Append($"{store.Options.DatabaseSchemaName}.{AddressHoldingsProjection.TableName}");
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"truncate {string.Join(", ", tables)}", connection);
        await command.ExecuteNonQueryAsync();
    }
}
