using CloudNet.Errors;
using CloudNet.Identity.Accounts;
using CloudNet.Identity.Tokens;
using Wolverine.Http;

namespace CloudNet.Identity.IssuingV3Tokens;

public sealed record IssueV3Token(V3Auth? Auth);

public sealed record V3Auth(V3Identity? Identity, V3Scope? Scope);

public sealed record V3Identity(string[]? Methods, V3Password? Password);

public sealed record V3Password(V3User? User);

public sealed record V3User(string? Id, string? Name, string? Password, V3Named? Domain);

public sealed record V3Scope(V3Project? Project);

public sealed record V3Project(string? Id, string? Name, V3Named? Domain);

public sealed record V3Named(string? Id, string? Name);

/// <summary>Keystone v3 / Huawei IAM: <c>POST /v3/auth/tokens</c>; the token travels in <c>X-Subject-Token</c>.</summary>
public static class IssueV3TokenEndpoint
{
    public const string DomainId = "default";
    public const string DomainName = "Default";

    [WolverinePost("/v3/auth/tokens", OperationId = "IssueV3Token")]
    [Tags("Identity")]
    public static async Task<IResult> Post(IssueV3Token? command, HttpContext context, AccountDirectory accounts, TokenService tokens,
        CancellationToken ct)
    {
        await accounts.LoadUserAsync(command?.Auth?.Identity?.Password?.User?.Name, ct);
        var account = Authenticate(command, accounts);
        var (token, record) = await tokens.IssueAsync(account, ct);
        context.Response.Headers["X-Subject-Token"] = token;
        var domain = new { id = DomainId, name = DomainName };
        var catalog = ServiceCatalog.For(context.Request, account.TenantId, "v3", IdentityDialect.OpenStack);
        return Results.Json(new
        {
            token = new
            {
                methods = new[] { "password" },
                issued_at = TokenTimes.Keystone(record.IssuedAt),
                expires_at = TokenTimes.Keystone(record.ExpiresAt),
                user = new { id = account.UserId, name = account.User, domain, password_expires_at = (string?)null },
                project = new { id = account.TenantId, name = account.TenantName, domain },
                roles = new[] { new { id = "member", name = "member" } },
                catalog = catalog.Select(s => new
                {
                    id = s.Name,
                    type = s.Type,
                    name = s.Name,
                    endpoints = new[] { "public", "internal" }.Select(face => new
                    {
                        id = $"{s.Name}-{face}",
                        @interface = face,
                        region = ServiceCatalog.Region,
                        region_id = ServiceCatalog.Region,
                        url = s.PublicUrl,
                    }),
                }),
            },
        }, statusCode: 201);
    }

    /// <summary>Pure: the account named by the password method, in the Default domain, scoped to its own project.</summary>
    /// <remarks>A JSON <c>null</c> body binds to a null command: that is a 400 like any body without <c>auth</c>.</remarks>
    public static Account Authenticate(IssueV3Token? command, AccountDirectory accounts)
    {
        var identity = command?.Auth?.Identity
            ?? throw Rejection.BadRequest("Invalid request body: auth.identity is required.");
        if (identity.Methods is null || !identity.Methods.Contains("password") || identity.Password?.User is not { } user)
            throw Rejection.BadRequest("Invalid request body: only the password method is supported (auth.identity.password.user).");
        if (user.Password is null || (user.Name is null && user.Id is null))
            throw Rejection.BadRequest("Invalid request body: user needs a name or id, and a password.");
        if (user.Domain is { } domain && !IsDefaultDomain(domain))
            throw Rejection.Unauthorized("The request you have made requires authentication.");

        var named = user.Name is not null
            ? accounts.ByPassword(user.Name, user.Password)
            : accounts.All.FirstOrDefault(a => a.UserId == user.Id) is { } byId ? accounts.ByPassword(byId.User, user.Password) : null;
        var account = named ?? throw Rejection.Unauthorized("The request you have made requires authentication.");

        if (command?.Auth?.Scope?.Project is { } project)
        {
            var wanted = project.Id ?? project.Name;
            if (wanted is not null && wanted != account.TenantId)
                throw Rejection.Unauthorized($"User {account.User} has no access to project {wanted}.");
            if (project.Domain is { } projectDomain && !IsDefaultDomain(projectDomain))
                throw Rejection.Unauthorized("The request you have made requires authentication.");
        }
        return account;
    }

    /// <summary>Ids are exact; names compare without case, as Keystone's do on its usual (MySQL) backend, where
    /// <c>user_domain_name: default</c> finds the <c>Default</c> domain.</summary>
    static bool IsDefaultDomain(V3Named domain) =>
        (domain.Id is null || domain.Id == DomainId)
        && (domain.Name is null || string.Equals(domain.Name, DomainName, StringComparison.OrdinalIgnoreCase));
}
