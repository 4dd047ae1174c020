using System.Security.Cryptography;
using System.Text;

namespace CloudNet.Identity.Accounts;

/// <summary>One account: from configuration (<c>Accounts</c> section) or stored (<see cref="StoredAccount"/>); a user with its only tenant.</summary>
public sealed record Account
{
    public required string User { get; init; }
    /// <summary>As configured; null for a <see cref="StoredAccount"/>, whose password is checked against its hash.</summary>
    public string? Password { get; init; }
    public string? ApiKey { get; init; }
    public required string TenantId { get; init; }
    public string? AccessKey { get; init; }
    public string? SecretKey { get; init; }

    /// <summary>The seed of a tenant made deterministic (<c>POST /_cloudnet/tenants</c> with a <c>seed</c>); else null.</summary>
    public string? Seed { get; init; }

    /// <summary>May use the admin API (<c>/_cloudnet</c>). Only accounts from configuration can be admins.</summary>
    public bool Admin { get; init; }

    /// <summary>A stable user id derived from the name, so that ids survive restarts without storage.</summary>
    public string UserId => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("user:" + User)))[..32];

    /// <summary>Rackspace names a tenant by its id; so do we.</summary>
    public string TenantName => TenantId;
}
