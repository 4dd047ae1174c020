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

    /// <summary>How long a token stays in a process's cache before PostgreSQL is asked again: the longest another
    /// instance of the service goes on accepting a token that was revoked through this one.</summary>
    public TimeSpan RecheckAfter { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>Issues opaque tokens, resolves them back to a caller and revokes them, with an in-process cache in front
/// of PostgreSQL. A revocation takes effect at once on the instance that made it and within
/// <see cref="TokenOptions.RecheckAfter"/> on the others.</summary>
public sealed class TokenService(IDocumentStore store, AccountDirectory accounts, IOptions<TokenOptions> options, TimeProvider clock)
{
    readonly ConcurrentDictionary<string, (Caller Caller, DateTimeOffset ExpiresAt, DateTimeOffset CheckedAt)> cache = new();

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
        cache[record.Id] = (Caller.Of(account), record.ExpiresAt, now);
        return (token, record);
    }

    public async Task<Caller?> ResolveAsync(string token, CancellationToken ct)
    {
        var id = Hash(token);
        var now = clock.GetUtcNow();
        if (cache.TryGetValue(id, out var hit))
        {
            if (hit.ExpiresAt <= now)
            {
                cache.TryRemove(id, out _); // expired: forget it rather than hold it for ever
                return null;
            }
            if (now - hit.CheckedAt < options.Value.RecheckAfter) return hit.Caller;
            cache.TryRemove(id, out _); // due for a look at the store, which may say it was revoked elsewhere
        }

        await using var session = store.QuerySession();
        var record = await session.LoadAsync<IssuedToken>(id, ct);
        var caller = await CallerOfAsync(record, now, ct);
        if (caller is not null) cache[id] = (caller, record!.ExpiresAt, now);
        return caller;
    }

    /// <summary>Revokes <paramref name="token"/> if it is a live token of <paramref name="owner"/>'s user (Keystone lets a user
    /// revoke their own tokens). False when there is no such token: unknown, expired, revoked already, or someone else's.</summary>
    public async Task<bool> RevokeAsync(string token, Caller owner, CancellationToken ct)
    {
        var id = Hash(token);
        var now = clock.GetUtcNow();
        await using var session = store.LightweightSession();
        var record = await session.LoadAsync<IssuedToken>(id, ct);
        if (await CallerOfAsync(record, now, ct) is not { } subject || subject.UserId != owner.UserId) return false;
        session.Store(record! with { RevokedAt = now });
        await session.SaveChangesAsync(ct);
        cache.TryRemove(id, out _);
        return true;
    }

    async Task<Caller?> CallerOfAsync(IssuedToken? record, DateTimeOffset now, CancellationToken ct)
    {
        if (record is null || !record.IsValidAt(now)) return null;
        await accounts.LoadUserAsync(record.UserName, ct);
        var account = accounts.ByUser(record.UserName);
        return account is null || account.TenantId != record.TenantId ? null : Caller.Of(account);
    }

    static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
