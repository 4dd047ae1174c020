using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CloudNet.Identity.Signing;

/// <summary>
/// Verifies a Huawei <c>SDK-HMAC-SHA256</c> (AK/SK) signature: a pure function of the request as received,
/// the account's secret key and the time, so that every rule of the algorithm is testable without a host.
/// </summary>
public static class AkSkSignature
{
    public const string DateHeader = "X-Sdk-Date";
    public const string ContentSha256Header = "X-Sdk-Content-Sha256";
    public const string DateFormat = "yyyyMMdd'T'HHmmss'Z'";

    /// <summary>The SDK puts no bound on clock skew; SPEC allows this much either way, which limits replay.</summary>
    public static readonly TimeSpan AllowedSkew = TimeSpan.FromMinutes(15);

    public static AkSkVerdict Verify(SignedRequest request, AkSkAuthorization authorization, string secretKey, DateTimeOffset now)
    {
        var date = request.Headers[DateHeader].ToString();
        if (!DateTimeOffset.TryParseExact(date, DateFormat, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var signedAt))
            return AkSkVerdict.Refused(AkSkFailure.MalformedDate);
        if ((now - signedAt).Duration() > AllowedSkew) return AkSkVerdict.Refused(AkSkFailure.StaleDate);

        var canonical = CanonicalRequest.Build(request, authorization, out var missing);
        if (canonical is null) return AkSkVerdict.Refused(AkSkFailure.SignedHeaderMissing, missing);

        var expected = Encoding.ASCII.GetBytes(Sign(secretKey, StringToSign(date, canonical)));
        var given = Encoding.ASCII.GetBytes(authorization.Signature.ToLowerInvariant());
        return CryptographicOperations.FixedTimeEquals(expected, given)
            ? AkSkVerdict.Valid
            : AkSkVerdict.Refused(AkSkFailure.SignatureMismatch, canonicalRequest: canonical);
    }

    public static string StringToSign(string date, string canonicalRequest) =>
        $"{AkSkAuthorization.Scheme}\n{date}\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";

    public static string Sign(string secretKey, string stringToSign) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secretKey), Encoding.UTF8.GetBytes(stringToSign)));
}
