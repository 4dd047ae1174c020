using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CloudNet.Tests.Identity;

/// <summary>
/// The client side of <c>SDK-HMAC-SHA256</c>, written from reference/clients.md §5 (HC <c>auth/AKSKSigner.js</c>)
/// and sharing no code with the service's verifier, so that the two can only agree by both following the spec.
/// Like the SDK it signs unescaped path segments and query parameters and escapes them itself.
/// </summary>
sealed class HuaweiSdkSigner(string accessKey, string secretKey)
{
    public const string EmptyBodySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    public static string DateOf(DateTimeOffset time) => time.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    /// <param name="path">Unescaped segments joined with <c>/</c>.</param>
    /// <param name="query">Unescaped keys and values, in any order.</param>
    /// <param name="headers">Every header to sign, with the value it will be sent with (including <c>host</c>
    /// and <c>X-Sdk-Date</c>); all of them are signed, as the SDK does.</param>
    /// <returns>The <c>Authorization</c> header value.</returns>
    public string Sign(string method, string path, IEnumerable<KeyValuePair<string, string>> query,
        IReadOnlyDictionary<string, string> headers, string body)
    {
        var names = headers.Keys.Select(k => k.ToLowerInvariant()).Order(StringComparer.Ordinal).ToList();
        var byLowerName = headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value);
        var canonicalHeaders = string.Concat(names.Select(n => $"{n}:{byLowerName[n]}\n"));
        var signedHeaders = string.Join(';', names);

        var uri = string.Join('/', path.Split('/').Select(Escape));
        if (!uri.EndsWith('/')) uri += "/";

        var canonicalQuery = string.Join('&', query
            .OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => Escape(p.Key) + "=" + Escape(p.Value)));

        var payload = byLowerName.TryGetValue("x-sdk-content-sha256", out var declared) ? declared : Hex(SHA256.HashData(Encoding.UTF8.GetBytes(body)));

        var canonical = $"{method}\n{uri}\n{canonicalQuery}\n{canonicalHeaders}\n{signedHeaders}\n{payload}";
        var toSign = $"SDK-HMAC-SHA256\n{byLowerName["x-sdk-date"]}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))}";
        var signature = Hex(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secretKey), Encoding.UTF8.GetBytes(toSign)));
        return $"SDK-HMAC-SHA256 Access={accessKey}, SignedHeaders={signedHeaders}, Signature={signature}";
    }

    /// <summary>The SDK's <c>urlEncode</c>: its no-escape table is exactly <c>A-Za-z0-9-_.~</c>.</summary>
    static string Escape(string text)
    {
        var escaped = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~') escaped.Append(c);
            else escaped.Append('%').Append(((int)b).ToString("X2", CultureInfo.InvariantCulture));
        }
        return escaped.ToString();
    }

    static string Hex(byte[] bytes) => string.Concat(bytes.Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
}
