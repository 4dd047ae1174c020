using System.Security.Cryptography;
using System.Text;
using Alba;
using CloudNet.Tests.Identity;
using CloudNet.Tests.Support;
using Npgsql;

namespace CloudNet.Tests.Reliability;

/// <summary>
/// Issue 9, scenario 6, secrets: one session of everything that carries a credential (token issue with password and
/// API key, v2 and v3; HTTP Basic; AK/SK signatures; revocation; and every way of getting them wrong, malformed bodies
/// with the password inside included). Afterwards no log record, at any level and in any category, holds a password,
/// an API key, a secret key, a token or a Basic header; and no row of any table of the database holds one either:
/// tokens are stored as their SHA-256 only, and passwords, API keys and secret keys are not stored at all (they live in
/// the service's configuration).
/// </summary>
public class when_credentials_pass_through(LoggedAppFixture app) : IClassFixture<LoggedAppFixture>
{
    static readonly string[] ConfiguredSecrets =
        ["demo-password", "demo-api-key", "demo-secret-key", "other-password", "other-api-key", "other-secret-key"];

    static string Basic(string user, string secret) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{secret}"));

    static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    Task<RawReply> Send(RawRequest request) => app.Host.SendRawAsync(request);

    RawRequest SignedGet(string path, string secret, DateTimeOffset at)
    {
        var date = HuaweiSdkSigner.DateOf(at);
        var headers = new Dictionary<string, string> { ["host"] = "localhost", ["x-sdk-date"] = date };
        return new RawRequest("GET", path).WithHeader("X-Sdk-Date", date)
            .WithHeader("Authorization", new HuaweiSdkSigner("DEMOAKIDEXAMPLE00001", secret).Sign("GET", path, [], headers, ""));
    }

    /// <summary>Runs the session once per test class; returns every token it was given.</summary>
    async Task<List<string>> Session()
    {
        var tokens = new List<string>();
        var host = app.Host;

        // Issue: v2 password and API key, v3 (token in X-Subject-Token), and as the other account.
        foreach (var body in new[]
                 {
                     IdentityRequests.V2Password("demo", "demo-password"), IdentityRequests.V2ApiKey("demo", "demo-api-key"),
                     IdentityRequests.V2Password("other", "other-password", tenantId: TestAccount.Other.TenantId),
                 })
        {
            var reply = await Send(new RawRequest("POST", "/v2.0/tokens").WithJson(body));
            reply.Status.ShouldBe(200, reply.ToString());
            tokens.Add(reply.Json["access"]!["token"]!["id"]!.GetValue<string>());
        }
        var v3 = await Send(new RawRequest("POST", "/v3/auth/tokens").WithJson(IdentityRequests.V3Pkgcloud("demo", "demo-password", TestAccount.Demo.TenantId)));
        v3.Status.ShouldBe(201, v3.ToString());
        tokens.Add(v3.Headers["X-Subject-Token"].ToString());

        // Logins that fail, and token bodies that do not parse, with the secret inside them.
        foreach (var body in new[]
                 {
                     IdentityRequests.V2Password("demo", "other-password"), IdentityRequests.V2ApiKey("demo", "demo-password"),
                     IdentityRequests.V2Password("demo", "demo-password", tenantId: TestAccount.Other.TenantId),
                     """{"auth":{"passwordCredentials":{"username":"demo","password":"demo-password"}""",
                     """{"auth":{"passwordCredentials":{"username":"demo","password":["demo-password"]}}}""",
                     """{"auth":{"passwordCredentials":{"username":"demo","password":"demo-password\u0000"}}}""",
                     """{"auth":{"RAX-KSKEY:apiKeyCredentials":{"username":"demo","apiKey":{"demo-api-key":1}}}}""",
                 })
            (await Send(new RawRequest("POST", "/v2.0/tokens").WithJson(body))).Status.ShouldBeInRange(400, 401);
        // A repeated member: the last one counts, as in Keystone's own (Python) parser.
        (await Send(new RawRequest("POST", "/v2.0/tokens").WithJson(
            """{"auth":{"passwordCredentials":{"username":"demo","password":"other-password","password":"demo-password"}}}"""))).Status.ShouldBe(200);
        (await Send(new RawRequest("POST", "/v3/auth/tokens").WithJson(
            IdentityRequests.V3Pkgcloud("demo", "demo-password", TestAccount.Demo.TenantId, """{"name":"Other"}""")))).Status.ShouldBe(401);
        (await Send(new RawRequest("POST", "/v3/auth/tokens").WithJson("{\"auth\":{\"identity\":{\"methods\":[\"password\"],\"password\":{\"user\":{\"name\":\"demo\",\"password\":\"demo-password\""))).Status.ShouldBe(400);

        // Using them: tokens on each family, Basic with password and API key, and wrong ones of each.
        foreach (var token in tokens.Take(2).Append(tokens[^1]))
        foreach (var path in new[] { "/os-floating-ips", "/v2.0/networks", $"/v1/{TestAccount.Demo.TenantId}/vpcs", "/history/addresses/10.0.0.1" })
            (await Send(new RawRequest("GET", path).WithHeader("X-Auth-Token", token))).Status.ShouldBe(200);
        (await Send(new RawRequest("GET", "/servers").WithHeader("Authorization", Basic("demo", "demo-password")))).Status.ShouldBe(200);
        (await Send(new RawRequest("POST", "/os-floating-ips").WithHeader("Authorization", Basic("demo", "demo-api-key")))).Status.ShouldBe(202);
        (await Send(new RawRequest("GET", "/servers").WithHeader("Authorization", Basic("demo", "other-password")))).Status.ShouldBe(401);
        (await Send(new RawRequest("GET", "/v2.0/networks").WithHeader("Authorization", Basic("other", "demo-password")))).Status.ShouldBe(401);
        (await Send(new RawRequest("GET", "/servers").WithHeader("X-Auth-Token", tokens[0] + "0"))).Status.ShouldBe(401);
        (await Send(new RawRequest("GET", "/servers").WithHeader("X-Auth-Token", "demo-password"))).Status.ShouldBe(401);

        // AK/SK: good, wrong secret, stale, and the secret key itself where the signature goes.
        var now = DateTimeOffset.UtcNow;
        (await Send(SignedGet($"/v1/{TestAccount.Demo.TenantId}/vpcs", "demo-secret-key", now))).Status.ShouldBe(200);
        (await Send(SignedGet($"/v1/{TestAccount.Demo.TenantId}/vpcs", "other-secret-key", now))).Status.ShouldBe(401);
        (await Send(SignedGet("/os-floating-ips", "demo-secret-key", now.AddMinutes(-20)))).Status.ShouldBe(401);
        (await Send(new RawRequest("GET", "/os-floating-ips").WithHeader("X-Sdk-Date", HuaweiSdkSigner.DateOf(now))
            .WithHeader("Authorization", "SDK-HMAC-SHA256 Access=DEMOAKIDEXAMPLE00001, SignedHeaders=host;x-sdk-date, Signature=demo-secret-key"))).Status.ShouldBe(401);

        // Revocation: by X-Subject-Token, of a token of one's own and (refused) of another user's.
        (await Send(new RawRequest("DELETE", "/v3/auth/tokens").WithHeader("X-Auth-Token", tokens[2]).WithHeader("X-Subject-Token", tokens[0])))
            .Status.ShouldBe(404);
        (await Send(new RawRequest("DELETE", "/v3/auth/tokens").WithHeader("X-Auth-Token", tokens[1]).WithHeader("X-Subject-Token", tokens[0])))
            .Status.ShouldBe(204);
        (await Send(new RawRequest("GET", "/servers").WithHeader("X-Auth-Token", tokens[0]))).Status.ShouldBe(401);
        return tokens;
    }

    /// <summary>One session per fixture (its logs are the fixture's), whichever test asks first.</summary>
    static readonly System.Runtime.CompilerServices.ConditionalWeakTable<LoggedAppFixture, Task<List<string>>> Sessions = new();

    Task<List<string>> Tokens()
    {
        lock (Sessions) return Sessions.GetValue(app, _ => Session());
    }

    IEnumerable<string> AllSecrets(IEnumerable<string> issued) =>
        ConfiguredSecrets.Concat(issued)
            .Concat(ConfiguredSecrets.SelectMany(s => new[] { $"demo:{s}", $"other:{s}" }).Select(s => Convert.ToBase64String(Encoding.UTF8.GetBytes(s))));

    [Fact]
    public async Task no_log_record_of_the_session_holds_a_credential()
    {
        var issued = await Tokens();
        var records = app.Logs.Records.ToArray();
        records.Length.ShouldBeGreaterThan(50);
        records.ShouldContain(r => r.Contains("SignatureMismatch"), "the refusals were logged");
        records.ShouldContain(r => r.Contains("answered 401"), "the refusals were logged");

        var leaks = (from record in records
                     from secret in AllSecrets(issued)
                     where record.Contains(secret, StringComparison.OrdinalIgnoreCase)
                     select $"{secret}: {record[..Math.Min(record.Length, 400)]}").ToList();
        leaks.ShouldBeEmpty(string.Join("\n", leaks.Take(5)));
    }

    [Fact]
    public async Task no_row_of_any_table_holds_a_credential_and_tokens_are_stored_as_their_sha256()
    {
        var issued = await Tokens();
        await using var database = NpgsqlDataSource.Create(app.ConnectionString);

        // Every row of every table of the service's schema (and of public, should anything land there), as text.
        var tables = new List<(string Schema, string Table)>();
        await using (var list = database.CreateCommand(
                         "select table_schema, table_name from information_schema.tables where table_schema in ('cloudnet', 'public') and table_type = 'BASE TABLE'"))
        await using (var reader = await list.ExecuteReaderAsync())
            while (await reader.ReadAsync()) tables.Add((reader.GetString(0), reader.GetString(1)));
        tables.Count.ShouldBeGreaterThan(10);

        var rows = 0;
        var found = new List<string>();
        foreach (var (schema, table) in tables)
        {
            await using var dump = database.CreateCommand($"select x::text from \"{schema}\".\"{table}\" x");
            await using var reader = await dump.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows++;
                var row = reader.GetString(0);
                foreach (var secret in AllSecrets(issued))
                    if (row.Contains(secret, StringComparison.OrdinalIgnoreCase)) found.Add($"{schema}.{table}: {secret}");
            }
        }
        rows.ShouldBeGreaterThan(20);
        found.ShouldBeEmpty(string.Join("\n", found.Take(5)));

        // Each issued token is there, under its SHA-256, and the revoked one says so.
        await using var tokens = database.CreateCommand("select id, data ->> 'RevokedAt' from cloudnet.mt_doc_issuedtoken");
        var stored = new Dictionary<string, string?>();
        await using (var reader = await tokens.ExecuteReaderAsync())
            while (await reader.ReadAsync()) stored[reader.GetString(0)] = reader.IsDBNull(1) ? null : reader.GetString(1);
        foreach (var token in issued) stored.ShouldContainKey(Sha256(token));
        stored[Sha256(issued[0])].ShouldNotBeNull("the revoked token is marked revoked");
        stored.Keys.ShouldAllBe(id => id.Length == 64 && id.All(char.IsAsciiHexDigitLower));
    }
}
