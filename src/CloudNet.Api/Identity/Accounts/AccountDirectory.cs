using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Marten;
using Microsoft.Extensions.Options;

namespace CloudNet.Identity.Accounts;

/// <summary>
/// The accounts of this deployment: those configured, and those made at run time (<see cref="StoredAccount"/>).
/// Lookups are synchronous and pure over what is known; the stored accounts a request names are loaded first
/// (<see cref="LoadUserAsync"/>, <see cref="LoadAccessKeyAsync"/>) and then kept, as they never change — so every
/// instance of the service knows the tenants any of them made. Secrets are compared in constant time.
/// </summary>
public sealed class AccountDirectory(IOptions<AccountOptions> options, IServiceProvider? services = null)
{
    readonly IReadOnlyList<Account> configured = options.Value.Accounts;
    readonly ConcurrentDictionary<string, StoredAccount> stored = new();

    /// <summary>The configured accounts.</summary>
    public IReadOnlyList<Account> All => configured;

    public Account? ByPassword(string user, string password) =>
        configured.FirstOrDefault(a => a.User == user && a.Password is not null && SecretEquals(a.Password, password))
        ?? (stored.TryGetValue(user, out var s) && s.PasswordIs(password) ? s.ToAccount() : null);

    public Account? ByApiKey(string user, string apiKey) =>
        configured.FirstOrDefault(a => a.User == user && a.ApiKey is not null && SecretEquals(a.ApiKey, apiKey))
        ?? (stored.TryGetValue(user, out var s) && s.ApiKeyIs(apiKey) ? s.ToAccount() : null);

    public Account? ByUser(string user) =>
        configured.FirstOrDefault(a => a.User == user) ?? (stored.TryGetValue(user, out var s) ? s.ToAccount() : null);

    public Account? ByAccessKey(string accessKey) =>
        configured.FirstOrDefault(a => a.AccessKey == accessKey) ?? stored.Values.FirstOrDefault(s => s.AccessKey == accessKey)?.ToAccount();

    /// <summary>Makes a stored account of that name known, if there is one (configured names never reach the database).</summary>
    public async Task LoadUserAsync(string? user, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(user) || services is null || configured.Any(a => a.User == user) || stored.ContainsKey(user)) return;
        await using var session = services.GetRequiredService<IDocumentStore>().QuerySession();
        if (await session.LoadAsync<StoredAccount>(user, ct) is { } found) Remember(found);
    }

    public async Task LoadAccessKeyAsync(string? accessKey, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(accessKey) || services is null || ByAccessKey(accessKey) is not null) return;
        await using var session = services.GetRequiredService<IDocumentStore>().QuerySession();
        if (await session.Query<StoredAccount>().FirstOrDefaultAsync(s => s.AccessKey == accessKey, ct) is { } found) Remember(found);
    }

    /// <summary>An account made here: known at once on this instance.</summary>
    public void Remember(StoredAccount account) => stored[account.Id] = account;

    static bool SecretEquals(string expected, string given) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(given));
}

public sealed class AccountOptions
{
    public List<Account> Accounts { get; set; } = [];
}
