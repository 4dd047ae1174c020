using System.Security.Claims;
using CloudNet.Identity.Accounts;
using CloudNet.Ids;

namespace CloudNet.Identity;

/// <summary>Who is calling: the authenticated user and the one tenant every resource they touch belongs to.</summary>
public sealed record Caller(string UserId, string UserName, string TenantId, bool IsAdmin = false)
{
    public static Caller Of(Account account) => new(account.UserId, account.User, account.TenantId, account.Admin) { Seed = account.Seed };

    /// <summary>The seed of a deterministic tenant (<c>Admin/Tenants/Seeding</c>); null for every other tenant.</summary>
    public string? Seed { get; init; }

    /// <summary>Where the ids of what this request makes come from: the tenant's seeded source for a seeded tenant's write.</summary>
    public IdSource Ids { get; init; } = IdSource.TimeOrdered;

    /// <summary>A new id for something this request makes.</summary>
    public Guid NewId() => Ids.Next();

    /// <summary>The instant of this request: a seeded tenant's write's, on the tenant's logical clock (<see cref="SeededIds.Now"/>);
    /// the wall clock's for every other request.</summary>
    public DateTimeOffset Now() => Ids.Now ?? DateTimeOffset.UtcNow;

    public ClaimsPrincipal ToPrincipal() => new(new ClaimsIdentity(
        [new Claim(ClaimTypes.Name, UserName), new Claim(ClaimTypes.NameIdentifier, UserId), new Claim("tenant_id", TenantId)],
        authenticationType: "cloudnet"));
}

public static class CallerAccess
{
    /// <summary>The caller of an authenticated route. The authentication middleware guarantees one exists.</summary>
    public static Caller Caller(this HttpContext context) =>
        context.Features.Get<Caller>() ?? throw new InvalidOperationException("No authenticated caller on this request");
}
