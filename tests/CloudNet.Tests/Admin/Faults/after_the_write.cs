using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using CloudNet.Tests.Admin.Recordings;
using CloudNet.Tests.Admin.Tenants;
using CloudNet.Tests.Support;

namespace CloudNet.Tests.Admin.Faults;

/// <summary>
/// Rules with <c>after_write</c>: the endpoint runs and commits, then the client gets the rule's error, a dropped
/// connection or a delay. A client's retry then meets a write that was done: the leaked allocation after a timeout.
/// </summary>
public class after_the_write(FaultsApp app) : IClassFixture<FaultsApp>
{
    [Fact]
    public async Task a_503_after_the_write_keeps_the_allocation_and_a_retry_makes_a_second_one()
    {
        var tenant = await app.Host.NewTenant("faults");
        var rule = await app.Host.AddFault(new { tenant_id = tenant.TenantId, method = "POST", path = "/os-floating-ips", status = 503, count = 1, after_write = true });
        rule["after_write"]!.GetValue<bool>().ShouldBeTrue();

        var faulted = await app.Host.PostFloatingIp(tenant);
        await faulted.ShouldBeNovaFault(503, "serviceUnavailable");
        faulted.RuleHeader().ShouldBe(rule["id"].Str());
        faulted.Header("Location").ShouldBeNull("the endpoint's own answer is gone");
        // The write committed under the faulted request's id, and the firing is recorded beside it.
        var types = await app.EventTypesOfRequestAsync(faulted.RequestId()!);
        types.ShouldContain("floating_ip_allocated");
        types.Last().ShouldBe("fault_injected");
        (await app.Host.ListFloatingIps(tenant)).Count.ShouldBe(1, "the client was told 503, the cloud kept the address");

        var retried = await app.Host.PostFloatingIp(tenant);
        retried.Status().ShouldBe(202, await retried.ReadAsTextAsync());
        (await app.Host.ListFloatingIps(tenant)).Count.ShouldBe(2, "the retry allocated a second address: the first one leaked");

        var firing = (await app.Host.ShowFault(rule["id"].Str()))["firings"]!.AsArray().Single()!;
        firing["after_write"]!.GetValue<bool>().ShouldBeTrue();
        firing["status"]!.GetValue<int>().ShouldBe(503);
        firing["request_id"].Str().ShouldBe(faulted.RequestId());
    }

    [Fact]
    public async Task a_request_the_endpoint_refused_keeps_its_answer_and_does_not_use_up_the_rule()
    {
        var tenant = await app.Host.NewTenant("faults");
        var rule = await app.Host.AddFault(new { tenant_id = tenant.TenantId, method = "DELETE", path = "/os-floating-ips/*", status = 500, count = 1, after_write = true });

        var missing = await app.Host.As(tenant, x => x.Delete.Url($"/os-floating-ips/{Guid.NewGuid()}"));
        missing.Status().ShouldBe(404, await missing.ReadAsTextAsync());
        missing.RuleHeader().ShouldBeNull();

        var shown = await app.Host.ShowFault(rule["id"].Str());
        shown["fired"]!.GetValue<int>().ShouldBe(0);
        shown["remaining"]!.GetValue<int>().ShouldBe(1);
    }

    [Fact]
    public async Task a_delay_after_the_write_answers_the_endpoints_own_body_and_jitter_varies_each_firing_within_its_bound()
    {
        var tenant = await app.Host.NewTenant("faults");
        var rule = await app.Host.AddFault(new
        {
            tenant_id = tenant.TenantId, method = "POST", path = "/os-floating-ips", delay_ms = 1, jitter_ms = 30, count = 4, after_write = true,
        });
        rule["jitter_ms"]!.GetValue<int>().ShouldBe(30);

        for (var i = 0; i < 4; i++)
        {
            var delayed = await app.Host.PostFloatingIp(tenant);
            var text = await delayed.ReadAsTextAsync();
            delayed.Status().ShouldBe(202, text);
            JsonNode.Parse(text)!["floating_ip"]!["ip"].Str().ShouldNotBeNullOrEmpty();
            delayed.RuleHeader().ShouldBeNull();
        }

        var firings = (await app.Host.ShowFault(rule["id"].Str()))["firings"]!.AsArray();
        firings.Count.ShouldBe(4);
        foreach (var firing in firings) firing!["delay_ms"]!.GetValue<int>().ShouldBeInRange(1, 31);
    }
}

/// <summary>A dropped connection needs a real one: Kestrel on a loopback port.</summary>
public class after_the_write_over_a_real_connection : IAsyncLifetime
{
    readonly ServiceOnALoopbackPort service = new();

    public Task InitializeAsync() => service.InitializeAsync();

    public Task DisposeAsync() => service.DisposeAsync();

    [Fact]
    public async Task a_dropped_connection_after_the_write_leaves_the_allocation_made()
    {
        var tenant = await service.Client.NewTenant();
        var added = await service.Client.Admin(HttpMethod.Post, "/_cloudnet/faults",
            new { fault = new { tenant_id = tenant.TenantId, method = "POST", path = "/os-floating-ips", drop = true, count = 1, after_write = true } });
        added.StatusCode.ShouldBe(System.Net.HttpStatusCode.Created, await added.Content.ReadAsStringAsync());

        HttpResponseMessage Send(HttpMethod method, string path)
        {
            var request = new HttpRequestMessage(method, path);
            request.Headers.Authorization = AuthenticationHeaderValue.Parse(tenant.BasicHeader);
            return service.Client.Send(request);
        }

        await Should.ThrowAsync<HttpRequestException>(() => Task.Run(() => Send(HttpMethod.Post, "/os-floating-ips")));

        var list = Send(HttpMethod.Get, "/os-floating-ips");
        var ips = JsonNode.Parse(await list.Content.ReadAsStringAsync())!["floating_ips"]!.AsArray();
        ips.Count.ShouldBe(1, "the connection was dropped after the allocation committed");

        var rule = JsonNode.Parse(await added.Content.ReadAsStringAsync())!["fault"]!;
        var shown = JsonNode.Parse(await (await service.Client.Admin(HttpMethod.Get, $"/_cloudnet/faults/{rule["id"].Str()}")).Content.ReadAsStringAsync())!["fault"]!;
        var firing = shown["firings"]!.AsArray().Single()!;
        firing["dropped"]!.GetValue<bool>().ShouldBeTrue();
        firing["after_write"]!.GetValue<bool>().ShouldBeTrue();
    }
}
