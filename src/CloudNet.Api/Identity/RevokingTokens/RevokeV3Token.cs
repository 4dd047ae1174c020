using CloudNet.Errors;
using CloudNet.Identity.Tokens;
using Wolverine.Http;

namespace CloudNet.Identity.RevokingTokens;

/// <summary>
/// Keystone v3 token revocation: <c>DELETE /v3/auth/tokens</c>, authenticated by <c>X-Auth-Token</c>, revokes the
/// token in <c>X-Subject-Token</c> (204). A user may revoke their own tokens, the one in use included; any other
/// subject token, unknown, expired, already revoked or another user's, is Keystone's 404 "Could not find token".
/// </summary>
/// <remarks>The token routes are public (no token is needed to get one), so this endpoint checks its caller itself.</remarks>
public static class RevokeV3TokenEndpoint
{
    public const string SubjectTokenHeader = "X-Subject-Token";

    [WolverineDelete("/v3/auth/tokens", OperationId = "RevokeV3Token")]
    [Tags("Identity")]
    public static async Task<IResult> Delete(HttpContext context, TokenService tokens, CancellationToken ct)
    {
        var headers = context.Request.Headers;
        var authToken = headers["X-Auth-Token"].ToString().Trim();
        var caller = authToken.Length > 0 ? await tokens.ResolveAsync(authToken, ct) : null;
        if (caller is null) throw Rejection.Unauthorized("The request you have made requires authentication.");

        var subject = headers[SubjectTokenHeader].ToString().Trim();
        if (subject.Length == 0) throw Rejection.BadRequest($"Expecting to find {SubjectTokenHeader} in header.");
        if (!await tokens.RevokeAsync(subject, caller, ct))
            throw Rejection.NotFound("Could not find token.");
        return Results.NoContent();
    }
}
