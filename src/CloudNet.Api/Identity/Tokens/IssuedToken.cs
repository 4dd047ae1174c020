namespace CloudNet.Identity.Tokens;

/// <summary>
/// A token as stored: keyed by the SHA-256 of the token, never the token itself, so a database dump
/// hands out no credentials. Stored so that tokens survive a restart of the service.
/// </summary>
/// <param name="RevokedAt">When the token was revoked (<c>DELETE /v3/auth/tokens</c>); from then on it authenticates nobody.</param>
public sealed record IssuedToken(string Id, string UserName, string TenantId, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt,
    DateTimeOffset? RevokedAt = null)
{
    public bool IsValidAt(DateTimeOffset now) => RevokedAt is null && ExpiresAt > now;
}
