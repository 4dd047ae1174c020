using System.Diagnostics;
using System.Text.Json.Nodes;
using CloudNet.History.Replay;

namespace CloudNet.Admin.Recordings.Replaying;

/// <summary>What a replay found.</summary>
public sealed record ReplayReport(int Entries, int Diverged, IReadOnlyList<ReplayDivergence> Divergences, ReplayTenant Tenant, IdMap Map,
    TimeSpan Elapsed)
{
    public bool Identical => Diverged == 0;

    public double RequestsPerSecond => Elapsed.TotalSeconds <= 0 ? 0 : Entries / Elapsed.TotalSeconds;
}

/// <summary>
/// Re-sends a recording's requests in order to a target, as a tenant of its own there, and compares each outcome with the
/// recorded one: the status, the answer (modulo the id map, timestamps and links; <see cref="Comparable"/>) and then the events
/// the request caused (types and data, modulo the same). Every request is sent even after a divergence, so that the summary
/// counts them all; the first divergence is the one that matters, later ones often follow from it.
/// </summary>
public sealed class HarReplay(HttpClient target, ReplayTenant tenant, TextWriter progress, TimeProvider clock)
{
    static readonly string[] RequestIdHeaders = ["X-Openstack-Request-Id", "X-Compute-Request-Id", "X-Request-Id"];

    public async Task<ReplayReport> RunAsync(HarRecording recording, CancellationToken ct)
    {
        var map = new IdMap();
        if (recording.TenantId is { } recordedTenant) map.Add(recordedTenant, tenant.TenantId);
        if (recording.User is { } recordedUser) map.Add(recordedUser, tenant.User);
        string? token = null;
        var divergences = new List<ReplayDivergence>();
        var diverged = 0;
        var clockStarted = Stopwatch.StartNew();
        var lastProgress = TimeSpan.Zero;
        foreach (var recorded in recording.Entries)
        {
            if (recorded.AuthKind == "token" || recorded.Method is not ("GET" or "HEAD")) token ??= await tenant.TokenAsync(target, ct);
            using var request = ReplayRequest.Build(recorded, target.BaseAddress!, tenant, map, token, clock.GetUtcNow());
            using var answer = await target.SendAsync(request, ct);
            var text = await answer.Content.ReadAsStringAsync(ct);
            var found = await CompareAsync(recorded, (int)answer.StatusCode, text, RequestId(answer), map, token, ct);
            if (found.Count > 0) diverged++;
            divergences.AddRange(found);

            if (clockStarted.Elapsed - lastProgress > TimeSpan.FromSeconds(2) || recorded.Number == recording.Entries.Count)
            {
                lastProgress = clockStarted.Elapsed;
                progress.WriteLine($"replay: {recorded.Number:N0} of {recording.Entries.Count:N0} requests, {diverged:N0} diverged, "
                    + $"{ProgressLine.Seconds(clockStarted.Elapsed)} s ({ProgressLine.Rate(recorded.Number, clockStarted.Elapsed)} requests/s)");
            }
        }
        return new ReplayReport(recording.Entries.Count, diverged, divergences, tenant, map, clockStarted.Elapsed);
    }

    async Task<List<ReplayDivergence>> CompareAsync(RecordedExchange recorded, int status, string text, string? requestId, IdMap map, string? token,
        CancellationToken ct)
    {
        var found = new List<ReplayDivergence>();
        if (recorded.Status == 0) return found; // the recorded client went away before its answer: nothing to compare with
        if (recorded.Status != status)
        {
            found.Add(new ReplayDivergence(recorded.Number, recorded.Method, recorded.Url, "status", [$"recorded {recorded.Status}, replayed {status}"],
                Excerpt(recorded.Answer), Excerpt(text)));
            return found;
        }

        if (recorded.AnswerComparable)
        {
            var before = Comparable.Parse(recorded.Answer);
            var after = Comparable.Parse(text);
            map.Learn(before, after);
            var differences = JsonDifference.Between(Comparable.Of(map.Apply(before)), Comparable.Of(after), 5, "recorded", "replayed");
            if (differences.Count > 0)
                found.Add(new ReplayDivergence(recorded.Number, recorded.Method, recorded.Url, "body", differences, Excerpt(recorded.Answer), Excerpt(text)));
        }

        if (recorded.Events is { } events && requestId is not null && token is not null
            && (events.Count > 0 || recorded.Method is not ("GET" or "HEAD")))
        {
            var replayed = await EventsAsync(requestId, token, ct);
            var eventDifferences = CompareEvents(events, replayed, map);
            if (eventDifferences.Count > 0)
                found.Add(new ReplayDivergence(recorded.Number, recorded.Method, recorded.Url, "events", eventDifferences, Types(events), Types(replayed)));
        }
        return found;
    }

    /// <summary>The events in order: as many, of the same types, with the same data, once streams and ids are mapped.</summary>
    static List<string> CompareEvents(JsonArray recorded, JsonArray replayed, IdMap map)
    {
        for (var i = 0; i < Math.Min(recorded.Count, replayed.Count); i++)
        {
            if (recorded[i]?["stream_id"]?.GetValue<string>() is { } from && replayed[i]?["stream_id"]?.GetValue<string>() is { } to) map.Add(from, to);
            map.Learn(recorded[i]?["data"], replayed[i]?["data"]);
        }
        if (recorded.Count != replayed.Count) return [$"recorded {recorded.Count} events ({Types(recorded)}), replayed {replayed.Count} ({Types(replayed)})"];
        var differences = new List<string>();
        for (var i = 0; i < recorded.Count && differences.Count < 5; i++)
        {
            var type = recorded[i]?["type"]?.GetValue<string>();
            var replayedType = replayed[i]?["type"]?.GetValue<string>();
            if (type != replayedType) differences.Add($"$[{i}].type: recorded {type}, replayed {replayedType}");
            else differences.AddRange(JsonDifference.Between(Comparable.Of(map.Apply(recorded[i]?["data"])), Comparable.Of(replayed[i]?["data"]), 5,
                "recorded", "replayed").Select(d => $"$[{i}] {type}: {d[1..]}"));
        }
        return differences;
    }

    async Task<JsonArray> EventsAsync(string requestId, string token, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/history/requests/{Uri.EscapeDataString(requestId)}");
        request.Headers.TryAddWithoutValidation("X-Auth-Token", token);
        using var answer = await target.SendAsync(request, ct);
        var text = await answer.Content.ReadAsStringAsync(ct);
        if (!answer.IsSuccessStatusCode) throw new InvalidOperationException($"The target did not show the events of {requestId}: {(int)answer.StatusCode} {text}");
        return JsonNode.Parse(text)?["events"] as JsonArray ?? [];
    }

    static string? RequestId(HttpResponseMessage answer) =>
        RequestIdHeaders.Select(h => answer.Headers.TryGetValues(h, out var values) ? values.FirstOrDefault() : null).FirstOrDefault(v => v is not null);

    static string Types(JsonArray events) => string.Join(", ", events.Select(e => e?["type"]?.GetValue<string>()));

    static string? Excerpt(string? text) => text is null ? null : text.Length > 400 ? text[..400] + "…" : text;
}
