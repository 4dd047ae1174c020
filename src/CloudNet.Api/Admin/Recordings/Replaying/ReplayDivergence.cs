using System.Text.Json.Nodes;

namespace CloudNet.Admin.Recordings.Replaying;

/// <summary>Where one replayed request's outcome differs from the recorded one: its status, its answer or the events it caused.</summary>
/// <param name="Aspect"><c>status</c>, <c>body</c> or <c>events</c>.</param>
/// <param name="Differences">JSON paths with both values, recorded first.</param>
public sealed record ReplayDivergence(int Entry, string Method, string Url, string Aspect, IReadOnlyList<string> Differences, string? Recorded,
    string? Replayed)
{
    public JsonObject ToJson() => new()
    {
        ["entry"] = Entry,
        ["method"] = Method,
        ["url"] = Url,
        ["aspect"] = Aspect,
        ["differences"] = new JsonArray(Differences.Select(d => (JsonNode)JsonValue.Create(d)).ToArray()),
        ["recorded"] = Recorded,
        ["replayed"] = Replayed,
    };
}
