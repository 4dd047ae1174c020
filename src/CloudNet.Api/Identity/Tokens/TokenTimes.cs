using System.Globalization;

namespace CloudNet.Identity.Tokens;

/// <summary>
/// Token times as clients parse them: always UTC with a literal <c>Z</c>, always the Gregorian calendar
/// and ':' separators whatever the process culture.
/// </summary>
public static class TokenTimes
{
    /// <summary>Keystone v2 / Rackspace <c>expires</c>: <c>2026-01-02T03:04:05Z</c>.</summary>
    public static string Iso8601(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Keystone v3 <c>expires_at</c> / <c>issued_at</c>: <c>2026-01-02T03:04:05.000000Z</c>.</summary>
    public static string Keystone(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'ffffff'Z'", CultureInfo.InvariantCulture);
}
