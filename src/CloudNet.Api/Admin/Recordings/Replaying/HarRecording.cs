using System.Text.Json.Nodes;

namespace CloudNet.Admin.Recordings.Replaying;

/// <summary>One recorded request and its answer, as a replay needs them from a HAR entry.</summary>
public sealed record RecordedExchange(int Number, string Method, string Url, IReadOnlyList<KeyValuePair<string, string>> Headers, string? Body,
    string? ContentType, int Status, string? Answer, bool AnswerComparable, string AuthKind, string? SignedHeaders, JsonArray? Events)
{
    public string Line => $"#{Number} {Method} {Url}";
}

/// <summary>
/// A HAR file to replay: its entries, and from the log's <c>_cloudnet</c> (when this service wrote it) the recorded tenant, its
/// user and seed. A HAR from elsewhere replays too: without a tenant to rewrite, each entry's auth read from its headers.
/// </summary>
public sealed record HarRecording(string? TenantId, string? User, string? UserId, string? Seed, IReadOnlyList<RecordedExchange> Entries)
{
    public static HarRecording Parse(string json)
    {
        var log = JsonNode.Parse(json)?["log"] ?? throw new FormatException("Not a HAR file: no \"log\" object.");
        var meta = log[Har.Extension];
        var entries = (log["entries"] as JsonArray ?? throw new FormatException("Not a HAR file: no \"log.entries\" array."))
            .Select((entry, i) => Exchange(i + 1, entry!)).ToList();
        return new HarRecording(Text(meta?["tenant_id"]), Text(meta?["user"]), Text(meta?["user_id"]), Text(meta?["seed"]), entries);
    }

    static RecordedExchange Exchange(int number, JsonNode entry)
    {
        var request = entry["request"]!;
        var response = entry["response"]!;
        var headers = (request["headers"] as JsonArray ?? [])
            .Select(h => KeyValuePair.Create(Text(h!["name"]) ?? "", Text(h["value"]) ?? "")).ToList();
        var content = response["content"];
        var authorization = headers.FirstOrDefault(h => h.Key.Equals("Authorization", StringComparison.OrdinalIgnoreCase)).Value;
        var auth = Text(entry[Har.Extension]?["auth"]?["kind"]) ?? AuthFromHeaders(headers, authorization);
        return new RecordedExchange(number, Text(request["method"]) ?? "GET", Text(request["url"]) ?? "/", headers,
            Text(request["postData"]?["text"]), Text(request["postData"]?["mimeType"]),
            response["status"]?.GetValue<int>() ?? 0, Text(content?["text"]),
            // A cut or binary answer is compared by its status only.
            content?["comment"] is null && Text(content?["encoding"]) is null,
            auth, SignedHeadersOf(authorization), entry[Har.Extension]?["events"] as JsonArray);
    }

    static string AuthFromHeaders(List<KeyValuePair<string, string>> headers, string? authorization) =>
        headers.Any(h => h.Key.Equals("X-Auth-Token", StringComparison.OrdinalIgnoreCase)) ? "token"
        : authorization?.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase) == true ? "basic"
        : authorization?.StartsWith(Identity.Signing.AkSkAuthorization.Scheme, StringComparison.OrdinalIgnoreCase) == true ? "aksk"
        : "none";

    /// <summary>The signed header list of an AK/SK header (its signature is redacted, so it does not parse as a whole).</summary>
    static string? SignedHeadersOf(string? authorization)
    {
        if (authorization is null) return null;
        var start = authorization.IndexOf("SignedHeaders=", StringComparison.OrdinalIgnoreCase);
        if (start < 0) return null;
        var value = authorization[(start + "SignedHeaders=".Length)..];
        var comma = value.IndexOf(',');
        return (comma < 0 ? value : value[..comma]).Trim();
    }

    static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
