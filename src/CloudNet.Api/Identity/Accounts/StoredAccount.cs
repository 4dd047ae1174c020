using System.Security.Cryptography;
using System.Text;

namespace CloudNet.Identity.Accounts;

/// <summary>
/// An account made at run time (a throw-away test tenant, see <c>Admin/Tenants</c>), stored as a document keyed by
/// user name. Its password and API key are random 192-bit secrets, so a SHA-256 of each is stored, not the secret;
/// the secret key stays as issued because AK/SK signatures are HMACs that need it (as for configured accounts).
/// </summary>
public sealed record StoredAccount(string Id, string TenantId, string PasswordHash, string ApiKeyHash, string AccessKey, string SecretKey,
    DateTimeOffset CreatedAt, string? Seed = null)
{
    public bool PasswordIs(string password) => Matches(PasswordHash, password);

    public bool ApiKeyIs(string apiKey) => Matches(ApiKeyHash, apiKey);

    public Account ToAccount() => new() { User = Id, TenantId = TenantId, AccessKey = AccessKey, SecretKey = SecretKey, Seed = Seed };

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    static bool Matches(string hash, string given) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(hash), Encoding.ASCII.GetBytes(Hash(given)));
}
