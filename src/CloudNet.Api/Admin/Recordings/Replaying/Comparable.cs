using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CloudNet.Admin.Recordings.Replaying;

/// <summary>
/// An answer or an event as two runs of the same requests can be expected to agree on: secrets taken out (the recording never
/// holds them), and timestamps, links (they name the host), request ids and token audit ids (random by design) replaced by a
/// placeholder, and so are event sequence numbers (global to a deployment). Ids are not placeholders: the recorded side is mapped through the <see cref="IdMap"/>, so that an answer naming
/// the wrong resource still differs.
/// </summary>
public static partial class Comparable
{
    public const string Time = "<time>", Link = "<link>", Request = "<request-id>", Random = "<random>";

    static readonly HashSet<string> RandomFields = new(StringComparer.OrdinalIgnoreCase) { "audit_ids", "request_id", "requestId", "sequence" };

    public static JsonNode? Of(JsonNode? node)
    {
        if (node is null) return null;
        var copy = node.DeepClone();
        Secrets.Redact(copy);
        return Mask(copy);
    }

    static JsonNode? Mask(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o.ToList())
                {
                    var masked = RandomFields.Contains(key) && value is not null ? JsonValue.Create(Random) : Mask(value);
                    if (!ReferenceEquals(masked, value)) o[key] = masked;
                }
                return o;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    var masked = Mask(a[i]);
                    if (!ReferenceEquals(masked, a[i])) a[i] = masked;
                }
                return a;
            case JsonValue v when v.TryGetValue<string>(out var s):
                return Masked(s) is var m && m == s ? v : JsonValue.Create(m);
            default:
                return node;
        }
    }

    public static string Masked(string value) =>
        Timestamp().IsMatch(value) ? Time
        : value.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ? Link
        : value.StartsWith("req-", StringComparison.Ordinal) ? Request
        : value;

    /// <summary>A body as JSON, or as a JSON string when it is not JSON (an empty body is null).</summary>
    public static JsonNode? Parse(string? text)
    {
        if (string.IsNullOrEmpty(text)) return null;
        try
        {
            return JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
            return JsonValue.Create(text);
        }
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$")]
    private static partial Regex Timestamp();
}
