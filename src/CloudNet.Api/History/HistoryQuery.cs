using System.Globalization;

namespace CloudNet.History;

/// <summary>Parses the query parameters the history routes share; a malformed one is a 400, never ignored.</summary>
public static class HistoryQuery
{
    public static DateTimeOffset? Instant(string? at)
    {
        if (string.IsNullOrEmpty(at)) return null;
        return DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant)
            ? instant
            : throw HistoryRejections.BadQuery($"at must be an ISO 8601 instant (e.g. 2026-11-26T14:00:00Z), not '{at}'.");
    }

    public static long? Version(string? version) =>
        string.IsNullOrEmpty(version) ? null
        : long.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v >= 1 ? v
        : throw HistoryRejections.BadQuery($"version must be a whole number from 1, not '{version}'.");

    public static int Limit(string? limit, int fallback = 100, int max = 1000) =>
        string.IsNullOrEmpty(limit) ? fallback
        : int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out var l) && l is >= 1 && l <= max ? l
        : throw HistoryRejections.BadQuery($"limit must be a whole number from 1 to {max}, not '{limit}'.");

    public static long After(string? after) =>
        string.IsNullOrEmpty(after) ? 0
        : long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out var a) ? a
        : throw HistoryRejections.BadQuery($"after must be a whole number, not '{after}'.");
}
