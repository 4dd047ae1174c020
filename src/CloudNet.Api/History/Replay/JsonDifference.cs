using System.Text.Json.Nodes;

namespace CloudNet.History.Replay;

/// <summary>
/// Where two JSON values differ, as JSON paths with both values (<c>$.Ports[1].MacAddress: "FA:16:3E:00:00:04" ≠
/// "FA:16:3E:00:00:05"</c>): a whole document printed twice would hide the one field that matters.
/// </summary>
public static class JsonDifference
{
    public static List<string> Between(JsonNode? live, JsonNode? rebuilt, int max = 10, string first = "live", string second = "rebuilt")
    {
        var found = new List<string>();
        Walk(live, rebuilt, "$", found, max, first, second);
        return found;
    }

    static void Walk(JsonNode? a, JsonNode? b, string path, List<string> found, int max, string first, string second)
    {
        if (found.Count >= max || JsonNode.DeepEquals(a, b)) return;
        switch (a, b)
        {
            case (JsonObject x, JsonObject y):
                foreach (var key in x.Select(p => p.Key).Union(y.Select(p => p.Key)).Order(StringComparer.Ordinal))
                    Walk(x[key], y[key], $"{path}.{key}", found, max, first, second);
                break;
            case (JsonArray x, JsonArray y) when x.Count == y.Count:
                for (var i = 0; i < x.Count; i++) Walk(x[i], y[i], $"{path}[{i}]", found, max, first, second);
                break;
            default:
                found.Add($"{path}: {first} {Show(a)}, {second} {Show(b)}");
                break;
        }
    }

    static string Show(JsonNode? node)
    {
        var text = node?.ToJsonString() ?? "null";
        return text.Length > 120 ? text[..117] + "..." : text;
    }
}
