using CloudNet.Tests.Admin.Tenants;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using CloudNet.Tests.Support;

namespace CloudNet.Tests.Admin.Faults;

/// <summary>Fault rules applied to real requests: each test works in a tenant of its own, made through the admin API.</summary>
public class when_faults_are_injected(FaultsApp app) : IClassFixture<FaultsApp>
{
    [Fact]
    public async Task a_rule_with_count_2_fails_exactly_two_matching_requests_and_lets_the_third_through()
    {
        var tenant = await app.Host.NewTenant("faults");
        var rule = await app.Host.AddFault(new { tenant_id = tenant.TenantId, method = "POST", path = "/os-floating-ips", status = 503, count = 2 });
        rule["remaining"]!.GetValue<int>().ShouldBe(2);

        var first = await app.Host.PostFloatingIp(tenant);
        var second = await app.Host.PostFloatingIp(tenant);
        var list = await app.Host.As(tenant, x => x.Get.Url("/os-floating-ips"));
        var third = await app.Host.PostFloatingIp(tenant);

        (await first.ShouldBeNovaFault(503, "serviceUnavailable")).ShouldNotBeNullOrWhiteSpace();
        await second.ShouldBeNovaFault(503, "serviceUnavailable");
        first.RuleHeader().ShouldBe(rule["id"].Str());
        list.Status().ShouldBe(200, "a GET does not match a POST rule");
        third.Status().ShouldBe(202, await third.ReadAsTextAsync());
        (await app.Host.ListFloatingIps(tenant)).Count.ShouldBe(1);

        var shown = await app.Host.ShowFault(rule["id"].Str());
        shown["fired"]!.GetValue<int>().ShouldBe(2);
        shown["remaining"]!.GetValue<int>().ShouldBe(0);
        shown["active"]!.GetValue<bool>().ShouldBeFalse();
    }

    [Fact]
    public async Task an_over_limit_fault_answers_413_with_retry_after_in_the_header_and_in_novas_body_under_the_catalog_prefix_too()
    {
        var tenant = await app.Host.NewTenant("faults");
        await app.Host.AddFault(new { tenant_id = tenant.TenantId, method = "post", path = "/os-floating-ips", status = 413, retry_after = 30, count = 2 });

        var prefixed = await app.Host.PostFloatingIp(tenant, $"/v2/{tenant.TenantId}/os-floating-ips");
        var bare = await app.Host.PostFloatingIp(tenant);

        foreach (var result in new[] { prefixed, bare })
        {
            (await result.ShouldBeNovaFault(413, "overLimit")).ShouldBe("This request was rate-limited.");
            result.Header("Retry-After").ShouldBe("30");
            var fault = (await result.Json())["overLimit"]!;
            fault["retryAfter"].Str().ShouldBe("30");
            fault["retryAt"].ShouldNotBeNull();
        }
        (await app.Host.PostFloatingIp(tenant)).Status().ShouldBe(202);
    }

    [Fact]
    public async Task sixteen_parallel_matching_requests_with_count_2_fail_exactly_two_and_the_firings_name_them()
    {
        var tenant = await app.Host.NewTenant("faults");
        var rule = await app.Host.AddFault(new { tenant_id = tenant.TenantId, method = "POST", path = "/os-floating-ips", status = 503, count = 2 });
        await app.Host.TokenFor(tenant);

        var results = new ConcurrentBag<(int Status, string? RequestId)>();
        await Parallel.ForEachAsync(Enumerable.Range(0, 16), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (_, _) =>
        {
            var result = await app.Host.PostFloatingIp(tenant);
            results.Add((result.Status(), result.RequestId()));
        });

        results.Count(r => r.Status == 503).ShouldBe(2);
        results.Count(r => r.Status == 202).ShouldBe(14);
        (await app.Host.ListFloatingIps(tenant)).Count.ShouldBe(14);

        var shown = await app.Host.ShowFault(rule["id"].Str());
        shown["fired"]!.GetValue<int>().ShouldBe(2);
        var firings = shown["firings"]!.AsArray();
        firings.Select(f => f!["request_id"].Str()).OrderBy(x => x)
            .ShouldBe(results.Where(r => r.Status == 503).Select(r => r.RequestId!).OrderBy(x => x));
        foreach (var firing in firings)
        {
            firing!["method"].Str().ShouldBe("POST");
            firing["path"].Str().ShouldBe("/os-floating-ips");
            firing["status"]!.GetValue<int>().ShouldBe(503);
            firing["at"].ShouldNotBeNull();
        }
    }

    [Fact]
    public async Task a_rule_for_one_tenant_never_touches_another()
    {
        var faulted = await app.Host.NewTenant("faults");
        var spared = await app.Host.NewTenant("faults");
        await app.Host.AddFault(new { tenant_id = faulted.TenantId, path = "*", status = 500 });

        (await app.Host.PostFloatingIp(spared)).Status().ShouldBe(202);
        (await app.Host.As(spared, x => x.Get.Url("/os-floating-ips"))).Status().ShouldBe(200);
        (await app.Host.As(spared, x => x.Get.Url("/v2.0/networks"))).Status().ShouldBe(200);
        (await app.Host.As(TestAccount.Demo, x => x.Get.Url("/os-floating-ips"))).Status().ShouldBe(200);

        await (await app.Host.PostFloatingIp(faulted)).ShouldBeNovaFault(500, "computeFault");
        await (await app.Host.As(faulted, x => x.Get.Url("/servers"))).ShouldBeNovaFault(500, "computeFault");
    }

    [Fact]
    public async Task probability_0_never_fires_and_probability_1_always_fires()
    {
        var tenant = await app.Host.NewTenant("faults");
        var never = await app.Host.AddFault(new { tenant_id = tenant.TenantId, method = "GET", path = "/os-floating-ips", status = 503, probability = 0.0 });
        var always = await app.Host.AddFault(new { tenant_id = tenant.TenantId, method = "GET", path = "/os-floating-ip-pools", status = 503, probability = 1.0 });

        for (var i = 0; i < 20; i++)
        {
            (await app.Host.As(tenant, x => x.Get.Url("/os-floating-ips"))).Status().ShouldBe(200);
            (await app.Host.As(tenant, x => x.Get.Url("/os-floating-ip-pools"))).Status().ShouldBe(503);
        }

        (await app.Host.ShowFault(never["id"].Str()))["fired"]!.GetValue<int>().ShouldBe(0);
        (await app.Host.ShowFault(always["id"].Str()))["fired"]!.GetValue<int>().ShouldBe(20);
    }

    [Fact]
    public async Task a_delay_rule_delays_the_request_and_lets_it_through()
    {
        var tenant = await app.Host.NewTenant("faults");
        var rule = await app.Host.AddFault(new { tenant_id = tenant.TenantId, method = "POST", path = "/os-floating-ips", delay_ms = 400, count = 1 });
        await app.Host.TokenFor(tenant);

        var clock = Stopwatch.StartNew();
        var delayed = await app.Host.PostFloatingIp(tenant);
        var elapsed = clock.Elapsed;

        delayed.Status().ShouldBe(202, await delayed.ReadAsTextAsync());
        elapsed.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(400));
        delayed.RuleHeader().ShouldBeNull("the request was not answered by the rule");
        // The endpoint ran: its events and the firing carry the request's id.
        var types = await app.EventTypesOfRequestAsync(delayed.RequestId()!);
        types.ShouldContain("fault_injected");
        types.ShouldContain("floating_ip_allocated");
        var firing = (await app.Host.ShowFault(rule["id"].Str()))["firings"]!.AsArray().Single()!;
        firing["delay_ms"]!.GetValue<int>().ShouldBe(400);
        firing["status"].ShouldBeNull();
    }

    [Fact]
    public async Task a_delay_with_a_status_waits_then_fails()
    {
        var tenant = await app.Host.NewTenant("faults");
        await app.Host.AddFault(new { tenant_id = tenant.TenantId, path = "/v2.0/networks", delay_ms = 300, status = 503, count = 1 });
        await app.Host.TokenFor(tenant);

        var clock = Stopwatch.StartNew();
        var result = await app.Host.As(tenant, x => x.Get.Url("/v2.0/networks"));
        clock.Elapsed.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(300));

        var text = await result.ReadAsTextAsync();
        result.Status().ShouldBe(503, text);
        JsonNode.Parse(text)!["NeutronError"]!["type"].Str().ShouldBe("ServiceUnavailable");
    }

    [Fact]
    public async Task a_faulted_request_changes_no_stored_state_and_its_history_names_the_rule()
    {
        var tenant = await app.Host.NewTenant("faults");
        var rule = await app.Host.AddFault(new { tenant_id = tenant.TenantId, method = "POST", path = "/os-floating-ips", status = 503, count = 1 });

        var faulted = await app.Host.PostFloatingIp(tenant);
        faulted.Status().ShouldBe(503);
        var requestId = faulted.RequestId().ShouldNotBeNull();

        // Nothing but the record of the firing carries the request's id: no floating IP, no address taken.
        (await app.EventTypesOfRequestAsync(requestId)).ShouldBe(["fault_injected"]);
        (await app.Host.ListFloatingIps(tenant)).ShouldBeEmpty();

        var history = await app.Host.As(tenant, x => x.Get.Url($"/history/requests/{requestId}"));
        history.Status().ShouldBe(200);
        var events = (await history.Json())["events"]!.AsArray();
        events.Count.ShouldBe(1);
        events[0]!["type"].Str().ShouldBe("fault_injected");
        events[0]!["data"]!["RuleId"].Str().ShouldBe(rule["id"].Str());
        events[0]!["data"]!["Status"]!.GetValue<int>().ShouldBe(503);
        events[0]!["tenant_id"].Str().ShouldBe(tenant.TenantId);
    }

    [Fact]
    public async Task networks_and_vpc_faults_answer_in_their_own_formats_and_a_rule_body_is_answered_as_given()
    {
        var tenant = await app.Host.NewTenant("faults");
        await app.Host.AddFault(new { tenant_id = tenant.TenantId, method = "GET", path = "/v2.0/floatingips/*", status = 404, count = 1 });
        await app.Host.AddFault(new { tenant_id = tenant.TenantId, method = "GET", path = "/v1/{project}/privateips/*", status = 409, count = 1 });
        await app.Host.AddFault(new
        {
            tenant_id = tenant.TenantId, method = "GET", path = "^/servers/[^/]+$", status = 502, count = 1, retry_after = 5,
            body = new { message = "bad gateway", nested = new[] { 1, 2 } },
        });

        var neutron = await app.Host.As(tenant, x => x.Get.Url($"/v2.0/floatingips/{Guid.NewGuid()}"));
        neutron.Status().ShouldBe(404);
        (await neutron.Json())["NeutronError"]!["type"].Str().ShouldBe("NotFound");

        var vpc = await app.Host.As(tenant, x => x.Get.Url($"/v1/{tenant.TenantId}/privateips/{Guid.NewGuid()}"));
        vpc.Status().ShouldBe(409);
        var huawei = await vpc.Json();
        huawei["code"].Str().ShouldBe("VPC.0709");
        huawei["error_code"].Str().ShouldBe("VPC.0709");

        var custom = await app.Host.As(tenant, x => x.Get.Url($"/servers/{Guid.NewGuid()}"));
        custom.Status().ShouldBe(502);
        custom.Header("Retry-After").ShouldBe("5");
        custom.Context.Response.ContentType.ShouldNotBeNull().ShouldStartWith("application/json");
        (await custom.ReadAsTextAsync()).ShouldBe("""{"message":"bad gateway","nested":[1,2]}""");
    }

    [Fact]
    public async Task the_admin_api_itself_is_never_faulted()
    {
        await app.Host.AddFault(new { tenant_id = TestAccount.Admin.TenantId, path = "**", status = 503 });

        var list = await app.Host.As(TestAccount.Admin, x => x.Get.Url("/_cloudnet/faults?tenant_id=cloudnet-admin"));
        list.Status().ShouldBe(200);
        var cleared = await app.Host.As(TestAccount.Admin, x => x.Delete.Url("/_cloudnet/faults?tenant_id=cloudnet-admin"));
        cleared.Status().ShouldBe(200);
    }
}
