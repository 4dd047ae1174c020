using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;

namespace CloudNet.Ipam;

/// <summary>
/// Strict parsing of addresses typed by API clients. <see cref="IPAddress.TryParse(string, out IPAddress)"/>
/// accepts legacy IPv4 forms ("10.1" is 10.0.0.1, "010.0.0.1" is octal 8.0.0.1), and .NET 10's
/// <see cref="IPNetwork.TryParse(string, out IPNetwork)"/> silently clears host bits ("10.0.0.5/24"
/// becomes 10.0.0.0/24); both would hand out addresses the client never meant.
/// </summary>
public static class IpText
{
    /// <summary>Dotted-quad IPv4 without leading zeros, or IPv6 without a zone id.</summary>
    public static bool TryParseAddress([NotNullWhen(true)] string? text, [NotNullWhen(true)] out IPAddress? address)
    {
        address = null;
        if (string.IsNullOrEmpty(text) || text.Contains('%')) return false;
        if (!text.Contains(':') && !IsDottedQuad(text)) return false;
        return IPAddress.TryParse(text, out address);
    }

    internal static bool TryParsePrefix(string text, out int prefix)
    {
        prefix = -1;
        return text.Length is > 0 and <= 3
            && text.All(char.IsAsciiDigit)
            && (text.Length == 1 || text[0] != '0')
            && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out prefix);
    }

    private static bool IsDottedQuad(string text)
    {
        var parts = text.Split('.');
        return parts.Length == 4 && parts.All(p => TryParsePrefix(p, out var octet) && octet <= 255);
    }
}
