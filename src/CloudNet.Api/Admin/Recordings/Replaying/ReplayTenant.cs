using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace CloudNet.Admin.Recordings.Replaying;

/// <summary>The tenant a replay re-sends the recorded requests as, with its credentials (those <c>POST /_cloudnet/tenants</c> returned).</summary>
public sealed record ReplayTenant(string TenantId, string User, string Password, string ApiKey, string AccessKey, string SecretKey, string? Seed)
{
    /// <summary>
    /// A fresh tenant on the target, made with the admin's credentials: with the recording's seed when it has one and the target
    /// does not hold that seed's tenant yet (then ids repeat and nothing needs a map), otherwise without a seed.
    /// </summary>
    public static async Task<ReplayTenant> CreateAsync(HttpClient target, string adminUser, string adminPassword, string? seed, CancellationToken ct)
    {
        var created = await PostAsync(target, adminUser, adminPassword, seed, ct);
        if (created.StatusCode == HttpStatusCode.Conflict && seed is not null) created = await PostAsync(target, adminUser, adminPassword, null, ct);
        var text = await created.Content.ReadAsStringAsync(ct);
        if (created.StatusCode != HttpStatusCode.Created)
            throw new InvalidOperationException($"The target refused to make a tenant for the replay: {(int)created.StatusCode} {text}");
        return FromJson(JsonNode.Parse(text)!);
    }

    /// <summary>The answer of <c>POST /_cloudnet/tenants</c> (or its <c>credentials</c>): replays into a tenant made beforehand,
    /// for instance one given fault rules.</summary>
    public static ReplayTenant FromJson(JsonNode json)
    {
        var credentials = json["credentials"] ?? json;
        string Field(string name) => credentials[name]?.GetValue<string>() ?? throw new FormatException($"The credentials have no \"{name}\".");
        return new ReplayTenant(Field("project_id"), Field("user"), Field("password"), Field("api_key"), Field("access_key"), Field("secret_key"),
            json["tenant"]?["seed"]?.GetValue<string>());
    }

    static Task<HttpResponseMessage> PostAsync(HttpClient target, string user, string password, string? seed, CancellationToken ct)
    {
        var body = new JsonObject { ["name"] = "replay" };
        if (seed is not null) body["seed"] = seed;
        var request = new HttpRequestMessage(HttpMethod.Post, "/_cloudnet/tenants")
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        return target.SendAsync(request, ct);
    }

    public string BasicHeader => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}"));

    /// <summary>A Keystone v2 token of the tenant, for the requests that were sent with a token (the recorded ones are redacted).</summary>
    public async Task<string> TokenAsync(HttpClient target, CancellationToken ct)
    {
        var body = new JsonObject
        {
            ["auth"] = new JsonObject
            {
                ["passwordCredentials"] = new JsonObject { ["username"] = User, ["password"] = Password },
                ["tenantId"] = TenantId,
            },
        };
        using var answer = await target.PostAsync("/v2.0/tokens", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"), ct);
        var text = await answer.Content.ReadAsStringAsync(ct);
        if (!answer.IsSuccessStatusCode) throw new InvalidOperationException($"The target refused the replay tenant a token: {(int)answer.StatusCode} {text}");
        return JsonNode.Parse(text)!["access"]!["token"]!["id"]!.GetValue<string>();
    }
}
