namespace CloudNet.Identity.Tokens;

/// <summary>
/// A token as stored: keyed by the SHA-256 of the token, never the token itself, so a database dump
/// hands out no credentials. Stored so that tokens survive a restart of the service.
/// </summary>
public sealed record IssuedToken(string Id, string UserName, string TenantId, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt);
