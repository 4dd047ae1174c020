using CloudNet.Errors;
using CloudNet.Identity.Accounts;
using CloudNet.Identity.Signing;
using Microsoft.AspNetCore.Http.Features;

namespace CloudNet.Identity.Authenticating;

/// <summary>
/// Huawei AK/SK: a request signed with <c>SDK-HMAC-SHA256</c> authenticates as the account that owns the access
/// key, exactly as that account's token would. The signature is checked over the request as it arrived: the raw
/// path and query, the headers, and the body bytes read here and rewound for the endpoint.
/// </summary>
public sealed class AkSkAuthentication(AccountDirectory accounts, TimeProvider clock, ILogger<AkSkAuthentication> logger)
{
    const string ProjectHeader = "X-Project-Id";

    public static bool IsUsedBy(HttpRequest request) => AkSkAuthorization.IsUsedBy(request.Headers.Authorization.ToString());

    /// <returns>The caller, or null once the refusal is written.</returns>
    public async Task<Caller?> AuthenticateAsync(HttpContext context)
    {
        var request = context.Request;
        var authorization = AkSkAuthorization.Parse(request.Headers.Authorization.ToString());
        if (authorization is null) return await RefuseAsync(context, AkSkVerdict.Refused(AkSkFailure.MalformedAuthorization), null);

        await accounts.LoadAccessKeyAsync(authorization.AccessKey, context.RequestAborted);
        var account = accounts.ByAccessKey(authorization.AccessKey);
        if (account?.SecretKey is not { Length: > 0 } secretKey)
            return await RefuseAsync(context, AkSkVerdict.Refused(AkSkFailure.UnknownAccessKey), authorization.AccessKey);

        // A declared payload hash is signed in place of the body's, so the body need not be read.
        var body = !string.IsNullOrEmpty(request.Headers[AkSkSignature.ContentSha256Header])
            ? ReadOnlyMemory<byte>.Empty
            : await ReadBodyAsync(context);
        var signed = new SignedRequest(request.Method, RawPath(context), request.QueryString.Value ?? "", request.Headers, body);
        var verdict = AkSkSignature.Verify(signed, authorization, secretKey, clock.GetUtcNow());
        if (!verdict.IsValid) return await RefuseAsync(context, verdict, authorization.AccessKey);

        // The SDK names its project in X-Project-Id; a key acts for its own project only, and naming another is
        // a request for something this key may not do (403) rather than a bad credential (401).
        var project = request.Headers[ProjectHeader].ToString();
        if (project.Length > 0 && project != account.TenantId)
        {
            await ErrorResponses.WriteAsync(context, new ApiError(403,
                $"{ProjectHeader} '{project}' is not the project of access key '{authorization.AccessKey}'."));
            return null;
        }
        return Caller.Of(account);
    }

    async Task<Caller?> RefuseAsync(HttpContext context, AkSkVerdict verdict, string? accessKey)
    {
        logger.LogInformation("AK/SK request with access key {AccessKey} refused: {Failure}", accessKey, verdict.Failure);
        if (verdict.CanonicalRequest is not null)
            logger.LogDebug("Canonical request the server signed for {AccessKey}:\n{CanonicalRequest}", accessKey, verdict.CanonicalRequest);
        await ErrorResponses.WriteAsync(context, new ApiError(401, verdict.Message));
        return null;
    }

    /// <summary>The path as the client sent it: earlier middleware moves compute prefixes into PathBase, and
    /// the server decodes escapes that the client signed.</summary>
    static string RawPath(HttpContext context)
    {
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (target is { Length: > 0 } && target[0] == '/')
        {
            var query = target.IndexOf('?');
            return query < 0 ? target : target[..query];
        }
        // In-process hosts leave RawTarget empty; the two halves still spell the path that was requested.
        return (context.Request.PathBase + context.Request.Path).ToUriComponent();
    }

    /// <summary>All of the body, left rewound for the endpoint. Its size is already bounded by the body limit
    /// earlier in the pipeline, which also refuses (413) a body that grows past it while read here.</summary>
    static async Task<ReadOnlyMemory<byte>> ReadBodyAsync(HttpContext context)
    {
        if (context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == false) return ReadOnlyMemory<byte>.Empty;
        var request = context.Request;
        request.EnableBuffering();
        using var copy = new MemoryStream();
        await request.Body.CopyToAsync(copy, context.RequestAborted);
        request.Body.Position = 0;
        return copy.ToArray();
    }
}
