using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace CloudNet.Identity.Accounts;

/// <summary>The accounts of this deployment, as configured. Lookups compare secrets in constant time.</summary>
public sealed class AccountDirectory(IOptions<AccountOptions> options)
{
    readonly IReadOnlyList<Account> accounts = options.Value.Accounts;

    public IReadOnlyList<Account> All => accounts;

    public Account? ByPassword(string user, string password) =>
        accounts.FirstOrDefault(a => a.User == user && SecretEquals(a.Password, password));

    public Account? ByApiKey(string user, string apiKey) =>
        accounts.FirstOrDefault(a => a.User == user && a.ApiKey is not null && SecretEquals(a.ApiKey, apiKey));

    public Account? ByUser(string user) => accounts.FirstOrDefault(a => a.User == user);

    public Account? ByAccessKey(string accessKey) => accounts.FirstOrDefault(a => a.AccessKey == accessKey);

    static bool SecretEquals(string expected, string given) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(given));
}

public sealed class AccountOptions
{
    public List<Account> Accounts { get; set; } = [];
}
