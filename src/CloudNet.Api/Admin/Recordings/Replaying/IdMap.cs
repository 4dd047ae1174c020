using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CloudNet.Admin.Recordings.Replaying;

/// <summary>
/// The ids the recorded answers gave, mapped to the ones the replayed answers give for the same request (a server id, a port's
/// MAC, an address, the tenant), so that later requests address the new resources and later answers compare alike. Only values
/// that look like ids are learnt: a name or a status that differs is a divergence, never a mapping. In a seeded tenant replayed
/// into a tenant of the same seed nothing differs, and the map stays empty.
/// </summary>
public sealed partial class IdMap
{
    readonly Dictionary<string, string> map = new(StringComparer.Ordinal);

    public int Count => map.Count;

    public IReadOnlyDictionary<string, string> Entries => map;

    public void Add(string recorded, string replayed)
    {
        if (recorded != replayed && recorded.Length > 0) map.TryAdd(recorded, replayed);
    }

    /// <summary>Learns from the recorded and the replayed value of one answer, walked side by side.</summary>
    public void Learn(JsonNode? recorded, JsonNode? replayed)
    {
        switch (recorded, replayed)
        {
            case (JsonObject a, JsonObject b):
                foreach (var (key, value) in a)
                    if (b.TryGetPropertyValue(key, out var other)) Learn(value, other);
                break;
            case (JsonArray a, JsonArray b) when a.Count == b.Count:
                for (var i = 0; i < a.Count; i++) Learn(a[i], b[i]);
                break;
            case (JsonValue a, JsonValue b) when a.TryGetValue<string>(out var x) && b.TryGetValue<string>(out var y):
                if (x != y && !map.ContainsKey(x) && IsId(x) && IsId(y)) map[x] = y;
                break;
        }
    }

    /// <summary>A value as the replay has it: the new id for a recorded one; within a longer text, the new ids of the recorded
    /// uuids and tenant ids it holds (an address is only ever mapped whole: 10.0.0.1 is part of 10.0.0.10).</summary>
    public string Apply(string value)
    {
        if (map.TryGetValue(value, out var mapped)) return mapped;
        if (value.Length <= 32) return value;
        foreach (var (from, to) in map)
            if (from.Length >= 32 && value.Contains(from, StringComparison.Ordinal)) value = value.Replace(from, to, StringComparison.Ordinal);
        return value;
    }

    /// <summary>A copy of the JSON with every string mapped.</summary>
    public JsonNode? Apply(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(Apply(p.Key), Apply(p.Value)))),
        JsonArray a => new JsonArray(a.Select(Apply).ToArray()),
        JsonValue v when v.TryGetValue<string>(out var s) => JsonValue.Create(Apply(s)),
        _ => node?.DeepClone(),
    };

    /// <summary>A path (or a query) with each segment mapped whole.</summary>
    public string ApplyToPath(string path) =>
        string.Join('/', path.Split('/').Select(segment =>
        {
            var decoded = Uri.UnescapeDataString(segment);
            var mapped = Apply(decoded);
            return mapped == decoded ? segment : Uri.EscapeDataString(mapped);
        }));

    public string ApplyToQuery(string query) =>
        query.Length == 0 ? query : "?" + string.Join('&', query.TrimStart('?').Split('&').Select(pair =>
        {
            var equals = pair.IndexOf('=');
            if (equals < 0) return pair;
            var decoded = Uri.UnescapeDataString(pair[(equals + 1)..].Replace('+', ' '));
            var mapped = Apply(decoded);
            return mapped == decoded ? pair : pair[..(equals + 1)] + Uri.EscapeDataString(mapped);
        }));

    /// <summary>Uuids (any format), 32-hex tenant ids, addresses with or without a prefix length, MACs, generated user names.</summary>
    public static bool IsId(string value) =>
        value.Length >= 7 && (Guid.TryParse(value, out _) || Hex32().IsMatch(value) || Mac().IsMatch(value) || UserName().IsMatch(value)
            || IsAddress(value));

    static bool IsAddress(string value)
    {
        var slash = value.IndexOf('/');
        var address = slash < 0 ? value : value[..slash];
        return (address.Contains('.') || address.Contains(':')) && !address.Contains(' ') && IPAddress.TryParse(address, out _)
            && (slash < 0 || int.TryParse(value[(slash + 1)..], out _));
    }

    [GeneratedRegex("^[0-9a-fA-F]{32}$")]
    private static partial Regex Hex32();

    [GeneratedRegex("^([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}$")]
    private static partial Regex Mac();

    [GeneratedRegex("^t-[0-9a-f]{12}$")]
    private static partial Regex UserName();
}
