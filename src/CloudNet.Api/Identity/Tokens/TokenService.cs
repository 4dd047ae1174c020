using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using CloudNet.Identity.Accounts;
using Marten;
using Microsoft.Extensions.Options;

namespace CloudNet.Identity.Tokens;

public sealed class TokenOptions
{
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(24);
}

/// <summary>Issues opaque tokens and resolves them back to a caller, with an in-process cache in front of PostgreSQL.</summary>
public sealed class TokenService(IDocumentStore store, AccountDirectory accounts, IOptions<TokenOptions> options, TimeProvider clock)
{
    readonly ConcurrentDictionary<string, (Caller Caller, DateTimeOffset ExpiresAt)> cache = new();

    public async Task<(string Token, IssuedToken Record)> IssueAsync(Account account, CancellationToken ct)
    {
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var now = clock.GetUtcNow();
        // Whole seconds: clients parse "expires" with second precision.
        now = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond));
        var record = new IssuedToken(Hash(token), account.User, account.TenantId, now, now + options.Value.Lifetime);
        await using var session = store.LightweightSession();
        session.Store(record);
        await session.SaveChangesAsync(ct);
        cache[record.Id] = (Caller.Of(account), record.ExpiresAt);
        return (token, record);
    }

    public async Task<Caller?> ResolveAsync(string token, CancellationToken ct)
    {
        var id = Hash(token);
        var now = clock.GetUtcNow();
        if (cache.TryGetValue(id, out var hit))
        {
            if (hit.ExpiresAt > now) return hit.Caller;
            cache.TryRemove(id, out _); // expired: forget it rather than hold it for ever
            return null;
        }

        await using var session = store.QuerySession();
        var record = await session.LoadAsync<IssuedToken>(id, ct);
        if (record is null || record.ExpiresAt <= now) return null;
        await accounts.LoadUserAsync(record.UserName, ct);
        var account = accounts.ByUser(record.UserName);
        if (account is null || account.TenantId != record.TenantId) return null;
        var caller = Caller.Of(account);
        cache[id] = (caller, record.ExpiresAt);
        return caller;
    }

    static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
