using System.Text.Json.Serialization;
using CloudNet.Errors;
using CloudNet.Identity.Accounts;
using CloudNet.Identity.Tokens;
using Wolverine.Http;

namespace CloudNet.Identity.IssuingV2Tokens;

public sealed record IssueV2Token(V2Auth? Auth);

public sealed record V2Auth(
    PasswordCredentials? PasswordCredentials,
    [property: JsonPropertyName("RAX-KSKEY:apiKeyCredentials")] ApiKeyCredentials? ApiKeyCredentials,
    string? TenantId,
    string? TenantName);

public sealed record PasswordCredentials(string? Username, string? Password);

public sealed record ApiKeyCredentials(string? Username, string? ApiKey);

/// <summary>Keystone v2 / Rackspace Identity: <c>POST /v2.0/tokens</c> with a password or an API key.</summary>
public static class IssueV2TokenEndpoint
{
    const string ApiKeyMethod = "APIKEY";

    [WolverinePost("/v2.0/tokens", OperationId = "IssueV2Token")]
    [Tags("Identity")]
    public static async Task<IResult> Post(IssueV2Token? command, HttpContext context, AccountDirectory accounts, TokenService tokens,
        CancellationToken ct)
    {
        await accounts.LoadUserAsync(command?.Auth?.PasswordCredentials?.Username ?? command?.Auth?.ApiKeyCredentials?.Username,
            ct);
        var (account, method) = Authenticate(command, accounts);
        var (token, record) = await tokens.IssueAsync(account, ct);
        // An API key is Rackspace identity's credential: its catalog is Rackspace's (a versioned cloudNetworks endpoint).
        var dialect = method == ApiKeyMethod ? IdentityDialect.Rackspace : IdentityDialect.OpenStack;
        var catalog = ServiceCatalog.For(context.Request, account.TenantId, "v2.0", dialect);
        return Results.Json(new
        {
            access = new
            {
                token = new
                {
                    id = token,
                    issued_at = TokenTimes.Iso8601(record.IssuedAt),
                    expires = TokenTimes.Iso8601(record.ExpiresAt),
                    tenant = new { id = account.TenantId, name = account.TenantName },
                    RAX_AUTH_authenticatedBy = new[] { method },
                },
                serviceCatalog = catalog.Select(s => new
                {
                    name = s.Name,
                    type = s.Type,
                    endpoints = new[]
                    {
                        new
                        {
                            region = ServiceCatalog.Region,
                            tenantId = account.TenantId,
                            publicURL = s.PublicUrl,
                            internalURL = s.PublicUrl,
                        },
                    },
                }),
                user = new
                {
                    id = account.UserId,
                    name = account.User,
                    roles = new[] { new { id = "member", name = "member", tenantId = account.TenantId } },
                    RAX_AUTH_defaultRegion = ServiceCatalog.Region,
                },
            },
        }, V2Json.Options);
    }

    /// <summary>Pure: which account the credentials name, or a 400/401 rejection.</summary>
    /// <remarks>A JSON <c>null</c> body binds to a null command: that is a 400 like any body without <c>auth</c>.</remarks>
    public static (Account Account, string Method) Authenticate(IssueV2Token? command, AccountDirectory accounts)
    {
        var auth = command?.Auth ?? throw Rejection.BadRequest("Invalid request body: unable to parse Auth data. Expected {\"auth\": {…}}.");
        Account? account;
        string method;
        if (auth.PasswordCredentials is { } password)
        {
            if (string.IsNullOrEmpty(password.Username) || password.Password is null)
                throw Rejection.BadRequest("Invalid request body: passwordCredentials needs username and password.");
            account = accounts.ByPassword(password.Username, password.Password);
            method = "PASSWORD";
        }
        else if (auth.ApiKeyCredentials is { } apiKey)
        {
            if (string.IsNullOrEmpty(apiKey.Username) || apiKey.ApiKey is null)
                throw Rejection.BadRequest("Invalid request body: RAX-KSKEY:apiKeyCredentials needs username and apiKey.");
            account = accounts.ByApiKey(apiKey.Username, apiKey.ApiKey);
            method = ApiKeyMethod;
        }
        else
        {
            throw Rejection.BadRequest("Invalid request body: passwordCredentials or RAX-KSKEY:apiKeyCredentials is required.");
        }

        if (account is null)
            throw Rejection.Unauthorized("Unable to authenticate user with credentials provided.");
        // A tenant is optional (the user's only tenant is used); naming another one is a failed login.
        var tenant = string.IsNullOrEmpty(auth.TenantId) ? auth.TenantName : auth.TenantId;
        if (!string.IsNullOrEmpty(tenant) && tenant != account.TenantId)
            throw Rejection.Unauthorized($"User {account.User} has no access to tenant {tenant}.");
        return (account, method);
    }
}

static class V2Json
{
    /// <summary>C# names cannot hold ':'; Rackspace's extension keys are spelled with it on the wire.</summary>
    public static readonly System.Text.Json.JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = new RaxNaming(),
    };

    sealed class RaxNaming : System.Text.Json.JsonNamingPolicy
    {
        public override string ConvertName(string name) =>
            name.StartsWith("RAX_AUTH_") ? "RAX-AUTH:" + name["RAX_AUTH_".Length..] : name;
    }
}
