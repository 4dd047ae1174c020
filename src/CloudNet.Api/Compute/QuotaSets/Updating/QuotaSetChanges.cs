using System.Globalization;
using System.Text.Json;
using CloudNet.Errors;

namespace CloudNet.Compute.QuotaSets.Updating;

/// <summary>
/// Pure: nova's validation of <c>PUT /os-quota-sets/{project}</c>'s <c>quota_set</c>: known resources only (those the
/// microversion shows), integers from -1 (unlimited) up, given as numbers or numeric strings, and, unless <c>force</c>
/// is true, no limit below what the project holds.
/// </summary>
public static class QuotaSetChanges
{
    public static IReadOnlyDictionary<string, int> From(Dictionary<string, JsonElement>? body, IReadOnlyDictionary<string, int> defaults,
        IReadOnlyDictionary<string, int> usage, Microversion version)
    {
        if (body is null) throw Rejection.BadRequest("Invalid input for field/attribute quota_set. Value: None. 'quota_set' is a required property");
        var force = body.TryGetValue("force", out var forced) && Flag(forced);
        var changes = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var (resource, value) in body)
        {
            if (resource == "force") continue;
            if (!defaults.ContainsKey(resource) || !ComputeQuotas.IsShown(resource, version))
                throw Rejection.BadRequest($"Invalid input for field/attribute quota_set. Additional properties are not allowed ('{resource}' was unexpected)");
            var limit = Limit(resource, value);
            var used = usage.GetValueOrDefault(resource);
            if (!force && limit >= 0 && limit < used)
                throw Rejection.BadRequest($"Quota limit {limit} for {resource} must be greater than or equal to already used and reserved {used}.");
            changes[resource] = limit;
        }
        return changes;
    }

    static int Limit(string resource, JsonElement value)
    {
        var text = value.ValueKind switch
        {
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.String => value.GetString()!,
            _ => null,
        };
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var limit) && limit is >= -1 and <= int.MaxValue
            ? (int)limit
            : throw Rejection.BadRequest($"Invalid input for field/attribute {resource}. Value: {value.GetRawText()}. It must be an integer from -1 to {int.MaxValue}.");
    }

    static bool Flag(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.String when bool.TryParse(value.GetString(), out var flag) => flag,
        _ => throw Rejection.BadRequest($"Invalid input for field/attribute force. Value: {value.GetRawText()}. It must be a boolean."),
    };
}
