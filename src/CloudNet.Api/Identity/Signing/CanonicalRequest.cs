using System.Security.Cryptography;
using System.Text;

namespace CloudNet.Identity.Signing;

/// <summary>
/// The canonical request of <c>SDK-HMAC-SHA256</c> (reference/clients.md §5, HC <c>auth/AKSKSigner.js</c>):
/// method, URI, query, headers, signed header list and body hash, joined by <c>\n</c>.
/// </summary>
public static class CanonicalRequest
{
    /// <returns>null, with the name of the first signed header the request lacks, when one is missing.</returns>
    public static string? Build(SignedRequest request, AkSkAuthorization authorization, out string? missingHeader)
    {
        var headers = Headers(request.Headers, authorization.SignedHeaderNames, out missingHeader);
        if (headers is null) return null;
        return string.Join('\n',
            request.Method.ToUpperInvariant(),
            Uri(request.RawPath),
            Query(request.RawQuery),
            headers,
            authorization.SignedHeaders,
            PayloadHash(request));
    }

    /// <summary>Each segment encoded on its own, so a <c>/</c> stays a separator; the SDKs always end the
    /// URI with <c>/</c>, whether or not the request path does.</summary>
    public static string Uri(string rawPath)
    {
        var segments = rawPath.Split('/').Select(s => PercentEncoding.Encode(PercentEncoding.Decode(s, plusIsSpace: false)));
        var uri = string.Join('/', segments);
        if (!uri.StartsWith('/')) uri = "/" + uri;
        return uri.EndsWith('/') ? uri : uri + "/";
    }

    /// <summary>Keys in ordinal (UTF-16 code unit) order, as JavaScript's <c>sort()</c>: not lower-cased,
    /// so <c>B</c> comes before <c>a</c>. A repeated key's values are sorted too.</summary>
    public static string Query(string rawQuery)
    {
        var pairs = rawQuery.TrimStart('?')
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair =>
            {
                var equals = pair.IndexOf('=');
                var key = equals < 0 ? pair : pair[..equals];
                var value = equals < 0 ? "" : pair[(equals + 1)..];
                return (Key: PercentEncoding.Decode(key, plusIsSpace: true), Value: PercentEncoding.Decode(value, plusIsSpace: true));
            })
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal);
        return string.Join('&', pairs.Select(p => PercentEncoding.Encode(p.Key) + "=" + PercentEncoding.Encode(p.Value)));
    }

    /// <summary><c>name:value\n</c> per signed header, in the order signed. The value is the one received,
    /// untrimmed: the Node SDK signs what it sends without trimming, and the server already lost any
    /// surrounding whitespace the wire may have had.</summary>
    public static string? Headers(IHeaderDictionary headers, IReadOnlyList<string> signedNames, out string? missingHeader)
    {
        var canonical = new StringBuilder();
        foreach (var name in signedNames)
        {
            if (!headers.TryGetValue(name, out var value) || value.Count == 0)
            {
                missingHeader = name;
                return null;
            }
            canonical.Append(name.ToLowerInvariant()).Append(':').Append(value.ToString()).Append('\n');
        }
        missingHeader = null;
        return canonical.ToString();
    }

    /// <summary><c>X-Sdk-Content-Sha256</c> (e.g. <c>UNSIGNED-PAYLOAD</c>) stands in for the body's hash when
    /// the client sends it: the client chose not to sign the body.</summary>
    public static string PayloadHash(SignedRequest request) =>
        request.Headers.TryGetValue(AkSkSignature.ContentSha256Header, out var declared) && !string.IsNullOrEmpty(declared)
            ? declared.ToString()
            : Convert.ToHexStringLower(SHA256.HashData(request.Body.Span));
}
