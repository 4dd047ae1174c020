using System.Text.Json.Nodes;
using CloudNet.Tests.Support;

namespace CloudNet.Tests.Admin.Recordings;

/// <summary>
/// <c>POST/DELETE/GET /_cloudnet/tenants/{tenant}/recording</c> and <c>recording.har</c>: a walk through the families, recorded
/// over a real connection, exported as HAR 1.2 with every field the format requires, its secrets taken out, and each entry leading
/// to its events.
/// </summary>
public class when_recording_a_tenant(TwoServices services) : IClassFixture<TwoServices>
{
    HttpClient Client => services.Recorder.Client;

    [Fact]
    public async Task a_walk_through_the_families_exports_as_har_1_2_without_secrets()
    {
        var tenant = await Client.NewTenant();
        var bystander = await Client.NewTenant();
        var started = await Client.StartRecording(tenant.TenantId);
        started["state"].Str().ShouldBe("recording");
        using (var again = await Client.Admin(HttpMethod.Post, $"/_cloudnet/tenants/{tenant.TenantId}/recording"))
            ((int)again.StatusCode).ShouldBe(409);

        var sent = await Client.Walk(tenant);
        await Client.Walk(bystander, withFloatingIps: false); // another tenant's requests stay out of it
        var stopped = await Client.StopRecording(tenant.TenantId);
        stopped["state"].Str().ShouldBe("stopped");
        stopped["entries"]!.GetValue<int>().ShouldBe(sent);
        await Client.Walk(tenant, withFloatingIps: false); // and so do the tenant's requests after the stop

        var text = await Client.Har(tenant.TenantId);
        foreach (var secret in new[] { tenant.Password, tenant.ApiKey, tenant.SecretKey }) text.ShouldNotContain(secret);
        var log = JsonNode.Parse(text)!["log"]!;
        log["version"].Str().ShouldBe("1.2");
        log["creator"]!["name"].Str().ShouldNotBeNullOrEmpty();
        log["creator"]!["version"].Str().ShouldNotBeNullOrEmpty();
        log["_cloudnet"]!["tenant_id"].Str().ShouldBe(tenant.TenantId);
        var entries = log["entries"]!.AsArray();
        entries.Count.ShouldBe(sent);
        foreach (var entry in entries) ShouldHaveHarFields(entry!);

        entries.Select(e => e!["_cloudnet"]!["auth"]!["kind"].Str()).Distinct().Order()
            .ShouldBe(["aksk", "basic", "credentials", "token"]);
        var tokenRequest = entries[0]!;
        tokenRequest["request"]!["postData"]!["text"].Str().ShouldContain("\"password\":\"REDACTED\"");
        tokenRequest["response"]!["content"]!["text"].Str().ShouldContain("REDACTED");
        var signed = entries.First(e => e!["_cloudnet"]!["auth"]!["kind"].Str() == "aksk")!;
        signed["request"]!["headers"]!.AsArray().Single(h => h!["name"].Str() == "Authorization")!["value"].Str()
            .ShouldBe($"SDK-HMAC-SHA256 Access={tenant.AccessKey}, SignedHeaders=content-type;host;x-sdk-date, Signature=REDACTED");

        var portCreated = entries.First(e => e!["request"]!["method"].Str() == "POST" && e["request"]!["url"].Str().EndsWith("/v2.0/ports"))!;
        portCreated["response"]!["status"]!.GetValue<int>().ShouldBe(201);
        var requestId = portCreated["_cloudnet"]!["request_id"].Str();
        portCreated["_cloudnet"]!["history"].Str().ShouldBe($"/history/requests/{requestId}");
        portCreated["_cloudnet"]!["events"]!.AsArray().Select(e => e!["type"].Str()).ShouldContain("port_created");
        portCreated["response"]!["headers"]!.AsArray().ShouldContain(h => h!["value"].Str() == requestId);
    }

    [Fact]
    public async Task the_admin_api_answers_an_unknown_tenant_and_a_tenant_never_recorded()
    {
        using (var unknown = await Client.Admin(HttpMethod.Post, "/_cloudnet/tenants/no-such-tenant/recording"))
            ((int)unknown.StatusCode).ShouldBe(404);
        var tenant = await Client.NewTenant();
        using (var never = await Client.Admin(HttpMethod.Get, $"/_cloudnet/tenants/{tenant.TenantId}/recording.har"))
            ((int)never.StatusCode).ShouldBe(404);
        using (var notRecording = await Client.Admin(HttpMethod.Delete, $"/_cloudnet/tenants/{tenant.TenantId}/recording"))
            ((int)notRecording.StatusCode).ShouldBe(404);
        using var asTenant = new HttpRequestMessage(HttpMethod.Post, $"/_cloudnet/tenants/{tenant.TenantId}/recording");
        asTenant.Headers.TryAddWithoutValidation("Authorization", tenant.BasicHeader);
        using var refused = await Client.SendAsync(asTenant);
        ((int)refused.StatusCode).ShouldBe(403);
    }

    /// <summary>HAR 1.2's required fields of an entry (http://www.softwareishard.com/blog/har-12-spec/), with their types.</summary>
    static void ShouldHaveHarFields(JsonNode entry)
    {
        DateTimeOffset.TryParse(entry["startedDateTime"].Str(), out _).ShouldBeTrue();
        entry["time"]!.GetValue<double>().ShouldBeGreaterThanOrEqualTo(0);
        entry["cache"].ShouldBeOfType<JsonObject>();
        var request = entry["request"]!;
        foreach (var field in new[] { "method", "url", "httpVersion" }) request[field].Str().ShouldNotBeNullOrEmpty();
        foreach (var field in new[] { "cookies", "headers", "queryString" }) request[field].ShouldBeOfType<JsonArray>();
        request["headersSize"]!.GetValue<long>().ShouldBe(-1);
        request["bodySize"]!.GetValue<long>().ShouldBeGreaterThanOrEqualTo(0);
        if (request["postData"] is { } postData) postData["mimeType"].ShouldNotBeNull();
        var response = entry["response"]!;
        response["status"]!.GetValue<int>().ShouldBeGreaterThan(0);
        response["statusText"].ShouldNotBeNull();
        response["httpVersion"].Str().ShouldNotBeNullOrEmpty();
        foreach (var field in new[] { "cookies", "headers" }) response[field].ShouldBeOfType<JsonArray>();
        response["content"]!["size"]!.GetValue<long>().ShouldBeGreaterThanOrEqualTo(0);
        response["content"]!["mimeType"].ShouldNotBeNull();
        response["redirectURL"].ShouldNotBeNull();
        response["headersSize"]!.GetValue<long>().ShouldBe(-1);
        response["bodySize"].ShouldNotBeNull();
        var timings = entry["timings"]!;
        foreach (var field in new[] { "send", "wait", "receive" }) timings[field]!.GetValue<double>().ShouldBeGreaterThanOrEqualTo(0);
    }
}
