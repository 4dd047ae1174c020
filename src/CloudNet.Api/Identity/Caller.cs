using System.Security.Claims;
using CloudNet.Identity.Accounts;

namespace CloudNet.Identity;

/// <summary>Who is calling: the authenticated user and the one tenant every resource they touch belongs to.</summary>
public sealed record Caller(string UserId, string UserName, string TenantId, bool IsAdmin = false)
{
    public static Caller Of(Account account) => new(account.UserId, account.User, account.TenantId, account.Admin);

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
