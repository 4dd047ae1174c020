using System.Text.RegularExpressions;

namespace CloudNet.Admin.Faults;

/// <summary>
/// Which paths a rule applies to. Two notations:
/// <list type="bullet">
/// <item>a path pattern (the usual case): <c>/os-floating-ips</c>, <c>/v2.0/floatingips/*</c>, <c>/servers/{id}/action</c>.
/// <c>*</c> and <c>{name}</c> stand for one path segment, <c>**</c> for any number of segments; the whole path must
/// match (a trailing slash is ignored), letters in any case, as routing matches them. <c>*</c> or <c>**</c> alone is
/// every path.</item>
/// <item>a regular expression, when the pattern starts with <c>^</c>: used as written (add <c>(?i)</c> for any case),
/// found anywhere unless anchored (it is anchored at the start by its <c>^</c>).</item>
/// </list>
/// The query string is never part of the match. A compute request may carry the catalog prefix <c>/v2/{tenant}</c> or
/// <c>/v2.1/{tenant}</c> (SDKs do, the seeds do not): a rule matches if it matches the path as the client sent it
/// <em>or</em> the path without that prefix, so <c>/os-floating-ips</c> fails the request whichever way the client
/// addressed it, and <c>/v2/*/os-floating-ips</c> only when the client used the prefix.
/// </summary>
public sealed class FaultPattern
{
    static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(100);

    readonly Regex regex;

    FaultPattern(string text, Regex regex)
    {
        Text = text;
        this.regex = regex;
    }

    public string Text { get; }

    /// <param name="sentPath">The path as the client sent it (prefix included).</param>
    /// <param name="routePath">The path the endpoints see (compute prefix moved out); the same when there was none.</param>
    public bool Matches(string sentPath, string routePath)
    {
        try
        {
            return regex.IsMatch(sentPath) || (!ReferenceEquals(sentPath, routePath) && sentPath != routePath && regex.IsMatch(routePath));
        }
        catch (RegexMatchTimeoutException)
        {
            // A pathological expression must not stall the request it was meant to fault: it simply does not match.
            return false;
        }
    }

    public static FaultPattern Parse(string text) => new(text, new Regex(RegexFor(text), Options(text), MatchTimeout));

    /// <summary>Null when the pattern is usable; otherwise what is wrong with it, for a 400.</summary>
    public static string? Problem(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return "path is required: a path pattern such as /os-floating-ips or /v2.0/floatingips/*, or a regular expression starting with ^.";
        if (text.Length > 1000) return "path is at most 1000 characters.";
        if (text != text.Trim()) return "path must not start or end with spaces.";
        if (!IsRegex(text) && !IsEverything(text) && !text.StartsWith('/'))
            return "path must start with / (a path pattern), be * (every path), or start with ^ (a regular expression).";
        try
        {
            _ = new Regex(RegexFor(text), Options(text), MatchTimeout);
            return null;
        }
        catch (ArgumentException ex)
        {
            return $"path is not a valid regular expression: {ex.Message}";
        }
    }

    static bool IsRegex(string text) => text.StartsWith('^');

    static bool IsEverything(string text) => text is "*" or "**" or "/**";

    static RegexOptions Options(string text) =>
        RegexOptions.CultureInvariant | (IsRegex(text) ? RegexOptions.None : RegexOptions.IgnoreCase);

    /// <summary>The pattern as an anchored regular expression (a regex is returned as written).</summary>
    public static string RegexFor(string text)
    {
        if (IsRegex(text)) return text;
        if (IsEverything(text)) return "^.*$";
        var pattern = Regex.Escape(text.TrimEnd('/'));
        pattern = Regex.Replace(pattern, @"\\\{[^}/]*}", "[^/]+");
        // "/**" is the segment and everything under it ("/v2.0/**" matches /v2.0 too); "**" elsewhere is anything.
        pattern = pattern.Replace(@"/\*\*", "\u0001").Replace(@"\*\*", "\u0000").Replace(@"\*", "[^/]*")
            .Replace("\u0001", "(/.*)?").Replace("\u0000", ".*");
        return "^" + pattern + "/?$";
    }
}
