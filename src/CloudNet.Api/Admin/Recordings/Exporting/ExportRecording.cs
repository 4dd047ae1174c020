using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using CloudNet.Admin.Tenants;
using CloudNet.Identity.Accounts;
using Marten;
using Wolverine.Http;

namespace CloudNet.Admin.Recordings.Exporting;

/// <summary>
/// <c>GET /_cloudnet/tenants/{tenant}/recording.har</c>: the tenant's latest recording as HAR 1.2, which browsers, proxies and HTTP
/// tools read; while it is still recording, what it holds so far. Each entry is a request as the client sent it and the answer as
/// it got it, secrets taken out, with its timing, and in <c>_cloudnet</c> its request id (<c>/history/requests/{id}</c>), how it
/// authenticated and the events it caused. The log's <c>_cloudnet</c> names the tenant, its user and seed, and the recording.
/// </summary>
public static class ExportRecordingEndpoint
{
    static readonly string Version = typeof(ExportRecordingEndpoint).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()
        ?.InformationalVersion.Split('+')[0] ?? "1.0.0";

    [WolverineGet("/_cloudnet/tenants/{tenant}/recording.har", OperationId = "ExportRecording")]
    [Tags("Admin: recordings")]
    public static async Task<IResult> Get(string tenant, IQuerySession session, AccountDirectory accounts, CancellationToken ct)
    {
        var row = await RecordingLookup.LatestAsync(session, accounts, tenant, ct);
        var store = session.DocumentStore;
        var entries = new List<(string RequestId, string Entry)>();
        await foreach (var entry in RecordingTables.EntriesAsync(store, row.RecordingId, ct)) entries.Add(entry);
        var events = await RecordedEvents.ByRequestAsync(store, tenant, entries.Select(e => e.RequestId).ToList(), ct);
        var user = await UserOfAsync(session, accounts, tenant, ct);

        return Results.Stream(stream => WriteAsync(stream, tenant, row, user, entries, events, ct), "application/json; charset=utf-8", $"{tenant}.har");
    }

    static async Task WriteAsync(Stream stream, string tenant, RecordingRow row, Account? user, List<(string RequestId, string Entry)> entries,
        Dictionary<string, JsonArray> events, CancellationToken ct)
    {
        await using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = Har.Json.Encoder, Indented = true });
        writer.WriteStartObject();
        writer.WriteStartObject("log");
        writer.WriteString("version", Har.Version);
        writer.WriteStartObject("creator");
        writer.WriteString("name", "CloudNet.EventSourced");
        writer.WriteString("version", Version);
        writer.WriteEndObject();
        writer.WriteString("comment", Comment(row));
        writer.WritePropertyName(Har.Extension);
        new JsonObject
        {
            ["tenant_id"] = tenant,
            ["user"] = user?.User,
            ["user_id"] = user?.UserId,
            ["seed"] = user?.Seed,
            ["recording_id"] = row.RecordingId.ToString(),
            ["state"] = row.State,
            ["started_at"] = row.StartedAt,
            ["ended_at"] = row.EndedAt,
            ["entries"] = row.Entries,
            ["max_entries"] = row.MaxEntries,
            ["max_bytes"] = row.MaxBytes,
        }.WriteTo(writer);
        writer.WriteStartArray("entries");
        foreach (var (requestId, text) in entries)
        {
            var entry = JsonNode.Parse(text)!;
            entry[Har.Extension]!["events"] = events.Remove(requestId, out var caused) ? caused : new JsonArray();
            entry.WriteTo(writer);
            if (writer.BytesPending > 64 * 1024) await writer.FlushAsync(ct);
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndObject();
        await writer.FlushAsync(ct);
    }

    static string Comment(RecordingRow row) => row.State switch
    {
        RecordingState.Full => $"Recording {row.RecordingId} of tenant {row.TenantId} is full: it holds the first {row.Entries} requests from "
            + $"{row.StartedAt:O}; those from {row.EndedAt:O} on were not recorded (bounds: Recording:MaxEntries {row.MaxEntries}, Recording:MaxBytes {row.MaxBytes}).",
        RecordingState.Stopped => $"Recording {row.RecordingId} of tenant {row.TenantId}: {row.Entries} requests from {row.StartedAt:O} to {row.EndedAt:O}.",
        _ => $"Recording {row.RecordingId} of tenant {row.TenantId}, still recording: the {row.Entries} requests since {row.StartedAt:O}.",
    };

    /// <summary>The tenant's user, as its events name it (a configured account, or the one made with the tenant), and its seed.</summary>
    static async Task<Account?> UserOfAsync(IQuerySession session, AccountDirectory accounts, string tenant, CancellationToken ct)
    {
        if (accounts.All.FirstOrDefault(a => a.TenantId == tenant) is { } configured) return configured;
        return await session.LoadAsync<Tenant>(Tenant.StreamIdOf(tenant), ct) is { User.Length: > 0 } made
            ? new Account { User = made.User, TenantId = tenant, Seed = made.Seed }
            : null;
    }
}
