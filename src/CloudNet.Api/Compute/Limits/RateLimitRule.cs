using System.Text.RegularExpressions;

namespace CloudNet.Compute.Limits;

/// <summary>
/// A configured rate limit, ready to match requests. Windows are fixed and aligned to the unit (a MINUTE
/// window starts at :00 seconds, a DAY window at midnight UTC), so every instance of the service computes
/// the same window for the same instant and the counters in PostgreSQL line up.
/// </summary>
public sealed class RateLimitRule
{
    static readonly Dictionary<string, TimeSpan> Units = new(StringComparer.OrdinalIgnoreCase)
    {
        ["MINUTE"] = TimeSpan.FromMinutes(1),
        ["HOUR"] = TimeSpan.FromHours(1),
        ["DAY"] = TimeSpan.FromDays(1),
    };

    readonly Regex matcher;
    readonly TimeSpan length;

    RateLimitRule(string verb, string uri, string regex, int value, string unit)
    {
        Verb = verb;
        Uri = uri;
        Regex = regex;
        Value = value;
        Unit = unit;
        length = Units[unit];
        matcher = new Regex(regex, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
    }

    public string Verb { get; }
    public string Uri { get; }
    public string Regex { get; }
    public int Value { get; }
    public string Unit { get; }

    /// <summary>The counter's name in the database. The unit is part of it: a MINUTE and a DAY window of the
    /// same verb and regex start at the same instant at midnight and must not share a row.</summary>
    public string Key => $"{Verb} {Regex} {Unit}";

    /// <summary>Nova's and Rackspace's wording for the 413's details.</summary>
    public string Describe() => $"Only {Value} {Verb} request(s) can be made to {Uri} every {Unit.ToLowerInvariant()}.";

    public bool Matches(string method, string target) =>
        string.Equals(method, Verb, StringComparison.OrdinalIgnoreCase) && matcher.IsMatch(target);

    public RateWindow WindowAt(DateTimeOffset now)
    {
        var ticks = now.UtcTicks - now.UtcTicks % length.Ticks;
        var start = new DateTimeOffset(ticks, TimeSpan.Zero);
        return new RateWindow(start, start + length);
    }

    public static RateLimitRule From(RateLimitOptions options) => new(options.Verb.Trim().ToUpperInvariant(), options.Uri,
        string.IsNullOrWhiteSpace(options.Regex) ? RegexFor(options.Uri) : options.Regex, options.Value, options.Unit.Trim().ToUpperInvariant());

    /// <summary>What is wrong with a configured rule, so that the service refuses to start rather than misapply it.</summary>
    public static IEnumerable<string> Problems(RateLimitOptions options, int index)
    {
        var at = $"Limits:Rates:{index}";
        if (string.IsNullOrWhiteSpace(options.Verb)) yield return $"{at}:Verb is required (GET, POST, PUT, DELETE).";
        if (string.IsNullOrWhiteSpace(options.Uri)) yield return $"{at}:Uri is required (e.g. * or /servers/{{id}}).";
        if (options.Value < 1) yield return $"{at}:Value must be at least 1.";
        if (!Units.ContainsKey(options.Unit?.Trim() ?? "")) yield return $"{at}:Unit must be MINUTE, HOUR or DAY.";
        if (!string.IsNullOrWhiteSpace(options.Regex) && !IsValidRegex(options.Regex))
            yield return $"{at}:Regex is not a valid regular expression.";
    }

    /// <summary>Rackspace's two notations side by side: <c>*</c> is <c>.*</c>, a <c>{placeholder}</c> is one path segment,
    /// and the match starts right after the root (<c>^/servers</c> matches <c>/v2/{tenant}/servers</c>).</summary>
    public static string RegexFor(string uri)
    {
        if (uri.Trim() == "*") return ".*";
        var pattern = System.Text.RegularExpressions.Regex.Escape(uri.Trim());
        pattern = System.Text.RegularExpressions.Regex.Replace(pattern, @"\\\{[^}]*}", "[^/]+");
        return "^" + pattern.Replace(@"\*", ".*");
    }

    static bool IsValidRegex(string pattern)
    {
        try
        {
            _ = new Regex(pattern);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}

/// <summary>A fixed window of one rule: counts reset at <see cref="End"/>.</summary>
public readonly record struct RateWindow(DateTimeOffset Start, DateTimeOffset End)
{
    /// <summary>The Retry-After value: whole seconds until the window ends, never 0 (a client told 0 retries at once).</summary>
    public int SecondsLeft(DateTimeOffset now) => Math.Max(1, (int)Math.Ceiling((End - now).TotalSeconds));
}
