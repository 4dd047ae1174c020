using System.Globalization;
using System.Text.Json.Nodes;

namespace CloudNet.Admin.Recordings.Replaying;

/// <summary>The report for a person (the first divergence with its context, then a summary) and as JSON, for a script.</summary>
public static class ReplayReportText
{
    public static void Write(ReplayReport report, HarRecording recording, TextWriter output)
    {
        if (report.Divergences.Count > 0)
        {
            var first = report.Divergences[0];
            var entry = recording.Entries[first.Entry - 1];
            output.WriteLine($"First divergence: request #{first.Entry} of {report.Entries}, {first.Method} {first.Url} ({first.Aspect})");
            if (first.Entry > 1) output.WriteLine($"  after: {recording.Entries[first.Entry - 2].Line} (identical)");
            if (entry.Body is { } body) output.WriteLine($"  sent: {Shorten(body)}");
            foreach (var difference in first.Differences) output.WriteLine($"  {difference}");
            output.WriteLine($"  recorded: {Shorten(first.Recorded)}");
            output.WriteLine($"  replayed: {Shorten(first.Replayed)}");
            output.WriteLine();
            output.WriteLine("Divergences:");
            foreach (var divergence in report.Divergences)
                output.WriteLine($"  #{divergence.Entry} {divergence.Method} {divergence.Url}: {divergence.Aspect}: {divergence.Differences.FirstOrDefault()}");
            output.WriteLine();
        }
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{(report.Identical ? "Identical" : "Different")}: {report.Entries - report.Diverged} of {report.Entries} requests answered alike, "
            + $"{report.Diverged} diverged; replayed as tenant {report.Tenant.TenantId}{(report.Tenant.Seed is { } seed ? $" (seed {seed})" : "")}, "
            + $"{report.Map.Count} ids mapped, {report.Elapsed.TotalSeconds:0.0} s ({report.RequestsPerSecond:0.0} requests/s)."));
    }

    public static JsonObject ToJson(ReplayReport report) => new()
    {
        ["identical"] = report.Identical,
        ["entries"] = report.Entries,
        ["diverged"] = report.Diverged,
        ["tenant_id"] = report.Tenant.TenantId,
        ["seed"] = report.Tenant.Seed,
        ["seconds"] = Math.Round(report.Elapsed.TotalSeconds, 3),
        ["requests_per_second"] = Math.Round(report.RequestsPerSecond, 1),
        ["first_divergence"] = report.Divergences.FirstOrDefault()?.ToJson(),
        ["divergences"] = new JsonArray(report.Divergences.Select(d => (JsonNode)d.ToJson()).ToArray()),
        ["id_map"] = new JsonObject(report.Map.Entries.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(p.Value)))),
    };

    static string Shorten(string? text) => text is null ? "(no body)" : text.Length > 300 ? text[..300] + "…" : text;
}
