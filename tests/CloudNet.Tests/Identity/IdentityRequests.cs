using System.Globalization;
using System.Text.RegularExpressions;
using Alba;
using CloudNet.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace CloudNet.Tests.Identity;

/// <summary>Token requests as the SDKs send them (reference/clients.md §1), and checks shared by the identity tests.</summary>
static partial class IdentityRequests
{
    public static string V2Password(string user, string password, string? tenantId = null, string? tenantName = null) =>
        new System.Text.Json.Nodes.JsonObject
        {
            ["auth"] = WithTenant(new System.Text.Json.Nodes.JsonObject
            {
                ["passwordCredentials"] = new System.Text.Json.Nodes.JsonObject { ["username"] = user, ["password"] = password },
            }, tenantId, tenantName),
        }.ToJsonString();

    public static string V2ApiKey(string user, string apiKey, string? tenantId = null, string? tenantName = null) =>
        new System.Text.Json.Nodes.JsonObject
        {
            ["auth"] = WithTenant(new System.Text.Json.Nodes.JsonObject
            {
                ["RAX-KSKEY:apiKeyCredentials"] = new System.Text.Json.Nodes.JsonObject { ["username"] = user, ["apiKey"] = apiKey },
            }, tenantId, tenantName),
        }.ToJsonString();

    static System.Text.Json.Nodes.JsonObject WithTenant(System.Text.Json.Nodes.JsonObject auth, string? tenantId, string? tenantName)
    {
        if (tenantId is not null) auth["tenantId"] = tenantId;
        if (tenantName is not null) auth["tenantName"] = tenantName;
        return auth;
    }

    /// <summary>pkgcloud's v3 body, with the stray v2-style <c>auth.tenantId</c> it adds in <c>authorize()</c>.</summary>
    public static string V3Pkgcloud(string user, string password, string project, string domainJson = """{"name":"Default"}""") =>
        """
        {"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"%USER%","password":"%PASSWORD%","domain":%DOMAINJSON%}}},
                 "scope":{"project":{"id":"%PROJECT%"}},"tenantId":"%PROJECT%"}}
        """.Replace("%USER%", user).Replace("%PASSWORD%", password).Replace("%DOMAINJSON%", domainJson).Replace("%PROJECT%", project);

    public static Task<IScenarioResult> PostJson(this IAlbaHost host, string url, string json, Action<Scenario>? more = null) =>
        host.Scenario(x =>
        {
            x.Post.RawJson(json).ToUrl(url);
            x.WithRequestHeader("Accept", "application/json");
            x.IgnoreStatusCode();
            more?.Invoke(x);
        });

    /// <summary>The request as a client on another address sees it: the catalog must point there.</summary>
    public static void FromAddress(this Scenario x, string scheme, string host) => x.ConfigureHttpContext(c =>
    {
        c.Request.Scheme = scheme;
        c.Request.Host = new HostString(host);
    });

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?(Z|[+-]\d{2}:\d{2})$")]
    public static partial Regex Iso8601();

    [GeneratedRegex("^[0-9a-f]{32,}$")]
    public static partial Regex OpaqueToken();

    /// <summary>Parses an ISO 8601 time as JS <c>Date</c> and python <c>iso8601</c> would: it must carry its zone.</summary>
    public static DateTimeOffset ParseIso8601(string text)
    {
        Iso8601().IsMatch(text).ShouldBeTrue($"'{text}' is not ISO 8601 with a zone");
        return DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
    }

    /// <summary>Keystone's error: exactly <c>{"error":{"code","title","message"}}</c>.</summary>
    public static async Task ShouldBeKeystoneError(this IScenarioResult result, int status, string title)
    {
        var text = await result.ReadAsTextAsync();
        result.Status().ShouldBe(status, text);
        result.Context.Response.ContentType!.ShouldStartWith("application/json");
        var body = System.Text.Json.Nodes.JsonNode.Parse(text)!.AsObject();
        body.Select(p => p.Key).ShouldBe(["error"]);
        var error = body["error"]!.AsObject();
        error.Select(p => p.Key).Order().ShouldBe(["code", "message", "title"]);
        error["code"]!.GetValue<int>().ShouldBe(status);
        error["title"].Str().ShouldBe(title);
        error["message"].Str().ShouldNotBeNullOrWhiteSpace();
    }

    /// <summary>Every one of <paramref name="expected"/> is among <paramref name="actual"/>.</summary>
    public static void ShouldContainAll<T>(this IEnumerable<T> actual, IEnumerable<T> expected)
    {
        var have = actual.ToList();
        var missing = expected.Where(e => !have.Contains(e)).ToList();
        missing.ShouldBeEmpty($"missing from [{string.Join(", ", have)}]");
    }
}
