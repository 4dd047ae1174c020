using System.Security.Cryptography;
using System.Text.Json;
using CloudNet.Admin.Tenants.Seeding;
using CloudNet.Errors;
using CloudNet.Identity;
using CloudNet.Identity.Accounts;
using CloudNet.Ids;
using Marten;
using Wolverine.Http;

namespace CloudNet.Admin.Tenants.Creating;

/// <summary><c>{"name": "…", "seed": 42}</c>, both optional: a label for people, and a seed that makes the tenant deterministic
/// (<c>Seeding/</c>); without a seed the ids are random.</summary>
public sealed record CreateTenant(string? Name, JsonElement? Seed = null);

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
    public static async Task<IResult> Post(CreateTenant? command, Caller caller, IDocumentSession session, DateTimeOffset now, CancellationToken ct)
    {
        var name = command?.Name?.Trim() ?? "";
        if (name.Length > 255) throw Rejection.BadRequest("name is at most 255 characters.", "BadTenant");
        var seed = TenantSeed.From(command?.Seed);
        await EnsureSeedFreeAsync(session, seed, ct);
        var (tenant, credentials) = Make(session, name, caller, now, seed: seed);
        return Results.Json(TenantJson.Created(tenant, credentials), statusCode: 201);
    }

    /// <summary>
    /// A seed makes one tenant per deployment: its id, and every id it makes, derive from the seed, so a second tenant with
    /// the same seed would make the first one's ids again (409).
    /// </summary>
    public static async Task EnsureSeedFreeAsync(IQuerySession session, string? seed, CancellationToken ct)
    {
        if (seed is not null && await session.LoadAsync<Tenant>(Tenant.StreamIdOf(SeededIds.TenantIdOf(seed)), ct) is not null)
            throw Rejection.Conflict($"This deployment already has the tenant of seed '{seed}' ({SeededIds.TenantIdOf(seed)}): a seed makes one tenant "
                + "per deployment. Reset that tenant, or use another seed.", "SeedInUse");
    }

    /// <summary>Starts the tenant's stream and stores its user; the caller's transaction commits both.</summary>
    public static (Tenant Tenant, NewCredentials Credentials) Make(IDocumentSession session, string name, Caller caller,
        DateTimeOffset now, string? forkedFrom = null, DateTimeOffset? forkedAt = null, string? seed = null)
    {
        var tenantId = seed is null ? Guid.NewGuid().ToString("N") : SeededIds.TenantIdOf(seed);
        var credentials = NewCredentials.Generate(tenantId);
        var created = new TenantCreated(tenantId, name.Length > 0 ? name : credentials.User, credentials.User, caller.UserName, now, forkedFrom, forkedAt)
        {
            Seed = seed,
        };
        session.Events.StartStream<Tenant>(Tenant.StreamIdOf(tenantId), created);
        var account = new StoredAccount(credentials.User, tenantId, StoredAccount.Hash(credentials.Password), StoredAccount.Hash(credentials.ApiKey),
            credentials.AccessKey, credentials.SecretKey, now, seed);
        // Every instance, this one included, loads it from the database when it is first used.
        session.Store(account);
        return (Tenant.Create(created), credentials);
    }
}
