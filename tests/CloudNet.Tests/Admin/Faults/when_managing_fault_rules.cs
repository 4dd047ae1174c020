using CloudNet.Tests.Admin.Tenants;
using System.Text.Json.Nodes;
using CloudNet.Admin.Faults.CommandLine;
using CloudNet.Tests.Support;

namespace CloudNet.Tests.Admin.Faults;

public class when_managing_fault_rules(FaultsApp app) : IClassFixture<FaultsApp>
{
    [Fact]
    public async Task non_admin_tokens_are_refused_with_403()
    {
        var tenant = await app.Host.NewTenant("faults");
        foreach (var account in new[] { TestAccount.Demo, tenant })
        {
            var fault = new { tenant_id = account.TenantId, path = "*", status = 503 };
            (await (await app.Host.As(account, x => x.Post.Json(new { fault }).ToUrl("/_cloudnet/faults"))).ShouldBeProblem(403))
                .ShouldContain("admin");
            await (await app.Host.As(account, x => x.Get.Url("/_cloudnet/faults"))).ShouldBeProblem(403);
            await (await app.Host.As(account, x => x.Get.Url($"/_cloudnet/faults/{Guid.NewGuid()}"))).ShouldBeProblem(403);
            await (await app.Host.As(account, x => x.Delete.Url($"/_cloudnet/faults/{Guid.NewGuid()}"))).ShouldBeProblem(403);
            await (await app.Host.As(account, x => x.Delete.Url($"/_cloudnet/faults?tenant_id={account.TenantId}"))).ShouldBeProblem(403);
        }
        // Nothing was added: the tenant's requests go through.
        (await app.Host.PostFloatingIp(tenant)).Status().ShouldBe(202);
    }

    [Fact]
    public async Task requests_without_credentials_are_401()
    {
        var result = await app.Host.Scenario(x =>
        {
            x.Get.Url("/_cloudnet/faults");
            x.IgnoreStatusCode();
        });
        result.Status().ShouldBe(401);
    }

    public static TheoryData<string, string, string> BadRules => new()
    {
        { "no fault wrapper", """{"tenant_id":"{t}","path":"/x","status":503}""", "fault" },
        { "no tenant", """{"fault":{"path":"/x","status":503}}""", "tenant_id is required" },
        { "unknown tenant", """{"fault":{"tenant_id":"no-such-tenant","path":"/x","status":503}}""", "not a tenant" },
        { "no path", """{"fault":{"tenant_id":"{t}","status":503}}""", "path is required" },
        { "relative path", """{"fault":{"tenant_id":"{t}","path":"os-floating-ips","status":503}}""", "path must start with /" },
        { "bad regex", """{"fault":{"tenant_id":"{t}","path":"^/servers/(","status":503}}""", "not a valid regular expression" },
        { "no status nor delay", """{"fault":{"tenant_id":"{t}","path":"/x"}}""", "status is required" },
        { "a success status", """{"fault":{"tenant_id":"{t}","path":"/x","status":200}}""", "400-599" },
        { "count 0", """{"fault":{"tenant_id":"{t}","path":"/x","status":503,"count":0}}""", "count must be at least 1" },
        { "probability 2", """{"fault":{"tenant_id":"{t}","path":"/x","status":503,"probability":2}}""", "probability must be between 0 and 1" },
        { "negative delay", """{"fault":{"tenant_id":"{t}","path":"/x","delay_ms":-5}}""", "delay_ms must be between" },
        { "too long a delay", """{"fault":{"tenant_id":"{t}","path":"/x","delay_ms":600000}}""", "delay_ms must be between" },
        { "negative retry_after", """{"fault":{"tenant_id":"{t}","path":"/x","status":413,"retry_after":-1}}""", "retry_after must be between" },
        { "body without status", """{"fault":{"tenant_id":"{t}","path":"/x","delay_ms":10,"body":{"a":1}}}""", "go with a status" },
        { "unknown method", """{"fault":{"tenant_id":"{t}","path":"/x","status":503,"method":"FETCH"}}""", "method must be one of" },
        { "status of the wrong type", """{"fault":{"tenant_id":"{t}","path":"/x","status":"often"}}""", "status must be an integer" },
        { "a fractional count", """{"fault":{"tenant_id":"{t}","path":"/x","status":503,"count":1.5}}""", "count must be an integer" },
        { "probability as text", """{"fault":{"tenant_id":"{t}","path":"/x","status":503,"probability":"0.5"}}""", "probability must be a number" },
        { "path as a list", """{"fault":{"tenant_id":"{t}","path":["/x"],"status":503}}""", "path must be a string" },
        { "a misspelt field", """{"fault":{"tenant_id":"{t}","path":"/x","status":413,"retryAfter":5}}""", "retryAfter is not a field" },
        { "drop with a status", """{"fault":{"tenant_id":"{t}","path":"/x","status":503,"drop":true}}""", "drop and status exclude each other" },
        { "jitter without delay", """{"fault":{"tenant_id":"{t}","path":"/x","status":503,"jitter_ms":10}}""", "jitter_ms goes with delay_ms" },
        { "too much jitter", """{"fault":{"tenant_id":"{t}","path":"/x","delay_ms":59990,"jitter_ms":100}}""", "delay_ms plus jitter_ms at most" },
        { "after_write as text", """{"fault":{"tenant_id":"{t}","path":"/x","status":503,"after_write":"yes"}}""", "after_write must be true or false" },
        { "build_result alone", """{"fault":{"tenant_id":"{t}","path":"/servers","build_result":"ACTIVE"}}""", "goes with build_polls or build_seconds" },
        { "build_polls 0", """{"fault":{"tenant_id":"{t}","path":"/servers","build_polls":0}}""", "build_polls must be between" },
        { "an unknown build_result", """{"fault":{"tenant_id":"{t}","path":"/servers","build_polls":2,"build_result":"SHUTOFF"}}""", "build_result must be ACTIVE or ERROR" },
        { "a lifecycle rule with a status", """{"fault":{"tenant_id":"{t}","path":"/servers","build_polls":2,"status":503}}""", "does not answer the request" },
        { "malformed JSON", """{"fault":{"tenant_id":""", "Malformed request body" },
    };

    [Theory]
    [MemberData(nameof(BadRules))]
    public async Task bad_rules_are_refused_with_a_problem_json_400(string why, string body, string detail)
    {
        var json = body.Replace("{t}", TestAccount.Demo.TenantId);
        var result = await app.Host.As(TestAccount.Admin, x =>
        {
            x.Post.Text(json).ToUrl("/_cloudnet/faults");
            x.WithRequestHeader("Content-Type", "application/json");
        });
        (await result.ShouldBeProblem(400)).ShouldContain(detail, Case.Insensitive, why);
        (await app.Host.As(TestAccount.Demo, x => x.Get.Url("/os-floating-ips"))).Status().ShouldBe(200);
    }

    [Fact]
    public async Task every_problem_of_a_rule_is_named_at_once()
    {
        var result = await app.Host.As(TestAccount.Admin, x => x.Post.Json(new
        {
            fault = new { tenant_id = "no-such-tenant", path = "x", status = 200, count = 0 },
        }).ToUrl("/_cloudnet/faults"));
        var detail = await result.ShouldBeProblem(400);
        detail.ShouldContain("not a tenant");
        detail.ShouldContain("path must start with /");
        detail.ShouldContain("400-599");
        detail.ShouldContain("count must be at least 1");
    }

    [Fact]
    public async Task rules_are_listed_by_tenant_shown_by_id_and_removed()
    {
        var a = await app.Host.NewTenant("faults");
        var b = await app.Host.NewTenant("faults");
        var first = await app.Host.AddFault(new { tenant_id = a.TenantId, method = "POST", path = "/os-floating-ips", status = 503, count = 1 });
        var second = await app.Host.AddFault(new { tenant_id = a.TenantId, path = "/servers/*", status = 500, probability = 0.5 });
        var other = await app.Host.AddFault(new { tenant_id = b.TenantId, path = "/v2.0/**", delay_ms = 10 });

        second["method"].ShouldBeNull();
        second["count"].ShouldBeNull();
        second["remaining"].ShouldBeNull();
        second["probability"]!.GetValue<double>().ShouldBe(0.5);
        second["created_by"].Str().ShouldBe("admin");
        other["status"].ShouldBeNull();

        (await List($"?tenant_id={a.TenantId}")).ShouldBe([first["id"].Str(), second["id"].Str()]);
        (await List($"?tenant_id={b.TenantId}")).ShouldBe([other["id"].Str()]);
        var everyone = await List("");
        everyone.ShouldContain(first["id"].Str());
        everyone.ShouldContain(other["id"].Str());

        var removed = await app.Host.As(TestAccount.Admin, x => x.Delete.Url($"/_cloudnet/faults/{first["id"].Str()}"));
        removed.Status().ShouldBe(204);
        (await List($"?tenant_id={a.TenantId}")).ShouldBe([second["id"].Str()]);
        (await List($"?tenant_id={a.TenantId}&all=true")).ShouldBe([first["id"].Str(), second["id"].Str()]);

        // The removed rule no longer fires, and stays readable.
        (await app.Host.PostFloatingIp(a)).Status().ShouldBe(202);
        var shown = await app.Host.ShowFault(first["id"].Str());
        shown["removed_by"].Str().ShouldBe("admin");
        shown["removed_at"].ShouldNotBeNull();
        shown["fired"]!.GetValue<int>().ShouldBe(0);
        shown["firings"]!.AsArray().ShouldBeEmpty();

        await (await app.Host.As(TestAccount.Admin, x => x.Delete.Url($"/_cloudnet/faults/{first["id"].Str()}"))).ShouldBeProblem(404);
    }

    [Fact]
    public async Task clearing_a_tenant_removes_its_rules_and_only_its_rules()
    {
        var a = await app.Host.NewTenant("faults");
        var b = await app.Host.NewTenant("faults");
        await app.Host.AddFault(new { tenant_id = a.TenantId, method = "POST", path = "/os-floating-ips", status = 503 });
        await app.Host.AddFault(new { tenant_id = a.TenantId, method = "GET", path = "/os-floating-ips", status = 500 });
        var kept = await app.Host.AddFault(new { tenant_id = b.TenantId, method = "POST", path = "/os-floating-ips", status = 503 });
        (await app.Host.PostFloatingIp(a)).Status().ShouldBe(503);

        var cleared = await app.Host.As(TestAccount.Admin, x => x.Delete.Url($"/_cloudnet/faults?tenant_id={a.TenantId}"));
        cleared.Status().ShouldBe(200, await cleared.ReadAsTextAsync());
        (await cleared.Json())["removed"]!.AsArray().Count.ShouldBe(2);

        (await app.Host.PostFloatingIp(a)).Status().ShouldBe(202);
        (await app.Host.As(a, x => x.Get.Url("/os-floating-ips"))).Status().ShouldBe(200);
        (await app.Host.PostFloatingIp(b)).Status().ShouldBe(503);
        (await List($"?tenant_id={a.TenantId}")).ShouldBeEmpty();
        (await List($"?tenant_id={b.TenantId}")).ShouldBe([kept["id"].Str()]);

        var again = await app.Host.As(TestAccount.Admin, x => x.Delete.Url($"/_cloudnet/faults?tenant_id={a.TenantId}"));
        (await again.Json())["removed"]!.AsArray().ShouldBeEmpty();
        await (await app.Host.As(TestAccount.Admin, x => x.Delete.Url("/_cloudnet/faults"))).ShouldBeProblem(400);
    }

    [Fact]
    public async Task unknown_rules_are_404()
    {
        await (await app.Host.As(TestAccount.Admin, x => x.Get.Url($"/_cloudnet/faults/{Guid.NewGuid()}"))).ShouldBeProblem(404);
        await (await app.Host.As(TestAccount.Admin, x => x.Get.Url("/_cloudnet/faults/not-a-guid"))).ShouldBeProblem(404);
        await (await app.Host.As(TestAccount.Admin, x => x.Delete.Url($"/_cloudnet/faults/{Guid.NewGuid()}"))).ShouldBeProblem(404);
    }

    [Fact]
    public async Task the_rules_are_in_the_openapi_document()
    {
        var result = await app.Host.Scenario(x => x.Get.Url("/openapi/v1.json"));
        var paths = (await result.Json())["paths"]!.AsObject();
        paths.Select(p => p.Key).ShouldContain("/_cloudnet/faults");
        paths.Select(p => p.Key).ShouldContain("/_cloudnet/faults/{id}");
    }

    async Task<List<string>> List(string query)
    {
        var result = await app.Host.As(TestAccount.Admin, x => x.Get.Url($"/_cloudnet/faults{query}"));
        var text = await result.ReadAsTextAsync();
        result.Status().ShouldBe(200, text);
        return JsonNode.Parse(text)!["faults"]!.AsArray().Select(f => f!["id"].Str()).ToList();
    }
}

/// <summary>The admin API switched off: it answers as if it did not exist, and no rule applies.</summary>
public sealed class AdminOff : AppFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Admin:Enabled"] = "false" };
}

public class when_the_admin_api_is_off(AdminOff app) : IClassFixture<AdminOff>
{
    [Fact]
    public async Task the_fault_routes_answer_404()
    {
        var fault = new { tenant_id = TestAccount.Demo.TenantId, path = "*", status = 503 };
        await (await app.Host.As(TestAccount.Admin, x => x.Post.Json(new { fault }).ToUrl("/_cloudnet/faults"))).ShouldBeProblem(404);
        await (await app.Host.As(TestAccount.Admin, x => x.Get.Url("/_cloudnet/faults"))).ShouldBeProblem(404);
        await (await app.Host.As(TestAccount.Admin, x => x.Delete.Url($"/_cloudnet/faults?tenant_id={TestAccount.Demo.TenantId}"))).ShouldBeProblem(404);
        (await app.Host.As(TestAccount.Demo, x => x.Get.Url("/os-floating-ips"))).Status().ShouldBe(200);
    }

    [Fact]
    public async Task rules_stored_anyway_do_not_apply()
    {
        var input = new FaultsInput { Action = FaultsAction.add, TenantFlag = TestAccount.Demo.TenantId, PathFlag = "*", StatusFlag = 503 };
        (await FaultsCommand.RunAsync(input, app.Host.Services, TextWriter.Null, TextWriter.Null)).ShouldBeTrue();

        (await app.Host.As(TestAccount.Demo, x => x.Get.Url("/os-floating-ips"))).Status().ShouldBe(200);
        (await app.Host.As(TestAccount.Demo, x => x.Post.Url("/os-floating-ips"))).Status().ShouldBe(202);
    }
}
