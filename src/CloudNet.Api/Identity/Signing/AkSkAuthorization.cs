namespace CloudNet.Identity.Signing;

/// <summary>
/// <c>Authorization: SDK-HMAC-SHA256 Access={AK}, SignedHeaders={h1;h2}, Signature={hex}</c>, as the Huawei
/// SDKs write it (HC <c>auth/AKSKSigner.js</c>).
/// </summary>
/// <param name="SignedHeaders">The list exactly as sent: it is part of what was signed.</param>
public sealed record AkSkAuthorization(string AccessKey, string SignedHeaders, string Signature)
{
    public const string Scheme = "SDK-HMAC-SHA256";

    public IReadOnlyList<string> SignedHeaderNames => SignedHeaders.Split(';');

    /// <summary>Whether the client chose this scheme at all, so that a malformed header is answered as such
    /// rather than as a request without credentials.</summary>
    public static bool IsUsedBy(string? authorization) =>
        authorization is not null
        && authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase)
        && (authorization.Length == Scheme.Length || char.IsWhiteSpace(authorization[Scheme.Length]));

    /// <returns>null when the header is not a complete, well-formed signature header.</returns>
    public static AkSkAuthorization? Parse(string? authorization)
    {
        if (!IsUsedBy(authorization)) return null;
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in authorization![Scheme.Length..].Split(',', StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=');
            if (equals <= 0 || !fields.TryAdd(part[..equals].Trim(), part[(equals + 1)..].Trim())) return null;
        }

        if (!fields.TryGetValue("Access", out var access) || access.Length == 0) return null;
        if (!fields.TryGetValue("SignedHeaders", out var signedHeaders) || signedHeaders.Split(';').Any(h => h.Length == 0)) return null;
        if (!fields.TryGetValue("Signature", out var signature) || signature.Length != 64 || !signature.All(char.IsAsciiHexDigit)) return null;
        return new AkSkAuthorization(access, signedHeaders, signature);
    }
}
