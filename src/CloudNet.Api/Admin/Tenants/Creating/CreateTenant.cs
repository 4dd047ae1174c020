using System.Security.Cryptography;
using CloudNet.Errors;
using CloudNet.Identity;
using CloudNet.Identity.Accounts;
using Marten;
using Wolverine.Http;

namespace CloudNet.Admin.Tenants.Creating;

/// <summary><c>{"name": "…"}</c>, optional: a label for people; the ids are generated.</summary>
public sealed record CreateTenant(string? Name);

/// <summary>The credentials of a new tenant's user, returned once: only their hashes are kept.</summary>
public sealed record NewCredentials(string User, string Password, string ApiKey, string AccessKey, string SecretKey)
{
    public static NewCredentials Generate(string tenantId) => new(
        $"t-{tenantId[..12]}", Secret(24), Secret(24), "AK" + Convert.ToHexString(RandomNumberGenerator.GetBytes(9)), Secret(30));

    static string Secret(int bytes) => Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes)).Replace('+', '-').Replace('/', '_').TrimEnd('=');
}

/// <summary>
/// <c>POST /_cloudnet/tenants</c>: a throw-away tenant with one user, so each test of a suite can work in a tenant of
/// its own. 201 with the credentials, shown this once.
/// </summary>
public static class CreateTenantEndpoint
{
    [WolverinePost("/_cloudnet/tenants", OperationId = "CreateTenant")]
    [Tags("Admin")]
    public static IResult Post(CreateTenant? command, HttpContext context, IDocumentSession session, DateTimeOffset now)
    {
        var caller = context.Caller();
        var name = command?.Name?.Trim() ?? "";
        if (name.Length > 255) throw Rejection.BadRequest("name is at most 255 characters.", "BadTenant");
        var (tenant, credentials) = Make(session, name, caller, now);
        return Results.Json(TenantJson.Created(tenant, credentials), statusCode: 201);
    }

    /// <summary>Starts the tenant's stream and stores its user; the caller's transaction commits both.</summary>
    public static (Tenant Tenant, NewCredentials Credentials) Make(IDocumentSession session, string name, Caller caller,
        DateTimeOffset now, string? forkedFrom = null, DateTimeOffset? forkedAt = null)
    {
        var tenantId = Guid.NewGuid().ToString("N");
        var credentials = NewCredentials.Generate(tenantId);
        var created = new TenantCreated(tenantId, name.Length > 0 ? name : credentials.User, credentials.User, caller.UserName, now, forkedFrom, forkedAt);
        session.Events.StartStream<Tenant>(Tenant.StreamIdOf(tenantId), created);
        var account = new StoredAccount(credentials.User, tenantId, StoredAccount.Hash(credentials.Password), StoredAccount.Hash(credentials.ApiKey),
            credentials.AccessKey, credentials.SecretKey, now);
        // Every instance, this one included, loads it from the database when it is first used.
        session.Store(account);
        return (Tenant.Create(created), credentials);
    }
}
