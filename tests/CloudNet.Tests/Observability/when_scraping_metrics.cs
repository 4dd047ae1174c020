using System.Text;
using Alba;
using CloudNet.Tests.Support;

namespace CloudNet.Tests.Observability;

/// <summary>A pool of its own (6 addresses) and a quota of 4, so that both refusals happen on purpose; and a second pool.</summary>
public sealed class MetricsFixture : AppFixture
{
    public string Pool { get; } = $"metrics-{Guid.NewGuid():N}"[..16];

    public string SparePool { get; } = $"spare-{Guid.NewGuid():N}"[..16];

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["FloatingIpPools:0:Name"] = Pool,
        ["FloatingIpPools:0:Cidr"] = "192.0.2.8/29",
        ["FloatingIpPools:1:Name"] = SparePool,
        ["FloatingIpPools:1:Cidr"] = "192.0.2.64/28",
        ["Quotas:FloatingIps"] = "4",
    };
}

/// <summary>
/// <c>GET /metrics</c>: Prometheus text for the admin account only, with ASP.NET Core's request durations by route and
/// status, the allocations and refusals counted by IPAM and the error path, the pool's held and free addresses, Marten's
/// event appends, Npgsql's pool, and the process's CPU, GC and memory.
/// </summary>
[Collection(TelemetryCollection.Name)]
public class when_scraping_metrics(MetricsFixture app) : IClassFixture<MetricsFixture>
{
    static string Basic(string user, string password) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));

    async Task<IScenarioResult> Scrape(string? authorization) => await app.Host.Scenario(x =>
    {
        x.Get.Url("/metrics");
        if (authorization is not null) x.WithRequestHeader("Authorization", authorization);
        x.IgnoreStatusCode();
    });

    async Task<PrometheusText> ScrapeAsAdmin()
    {
        var result = await Scrape(Basic(TestAccount.Admin.User, TestAccount.Admin.Password));
        var text = await result.ReadAsTextAsync();
        result.Status().ShouldBe(200, text);
        result.Context.Response.ContentType.ShouldStartWith("text/plain");
        return new PrometheusText(text);
    }

    [Fact]
    public async Task only_an_admin_account_may_read_them()
    {
        var anonymous = await Scrape(null);
        anonymous.Status().ShouldBe(401);
        anonymous.Context.Response.ContentType.ShouldBe("application/problem+json");

        var tenant = await Scrape(Basic(TestAccount.Demo.User, TestAccount.Demo.Password));
        tenant.Status().ShouldBe(403);
        (await tenant.Json())["code"].Str().ShouldBe("NotAdmin");

        var token = await app.Host.TokenFor(TestAccount.Admin);
        var byToken = await app.Host.Scenario(x =>
        {
            x.Get.Url("/metrics");
            x.WithRequestHeader("X-Auth-Token", token);
            x.StatusCodeShouldBe(200);
        });
        (await byToken.ReadAsTextAsync()).ShouldContain("# TYPE ");
    }

    [Fact]
    public async Task allocations_refusals_and_the_pools_fill_are_counted()
    {
        // Demo takes its quota of 4 and is refused a fifth; Other takes the last 2 addresses and is refused for want of one.
        for (var i = 0; i < 4; i++) await app.Host.AllocateFloatingIp(TestAccount.Demo, app.Pool);
        (await app.Host.As(TestAccount.Demo, x => x.Post.Json(new { pool = app.Pool }).ToUrl("/os-floating-ips"))).Status().ShouldBe(403);
        for (var i = 0; i < 2; i++) await app.Host.AllocateFloatingIp(TestAccount.Other, app.Pool);
        (await app.Host.As(TestAccount.Other, x => x.Post.Json(new { pool = app.Pool }).ToUrl("/os-floating-ips"))).Status().ShouldBe(404);

        var metrics = await ScrapeAsAdmin();
        var pool = ("scope", app.Pool);
        metrics.Sum("cloudnet_addresses_held", pool).ShouldBe(6);
        metrics.Sum("cloudnet_addresses_free", pool).ShouldBe(0);
        metrics.Sum("cloudnet_addresses_size", pool).ShouldBe(6);
        metrics.Of("cloudnet_addresses_held", pool).Single().Labels["cidr"].ShouldBe("192.0.2.8/29");
        // PublicNet's IPv4 subnet, a subnet of the same gauges.
        metrics.Of("cloudnet_addresses_size", ("scope_kind", "subnet"), ("cidr", "198.51.100.0/24"), ("network_id", Guid.Empty.ToString()))
            .ShouldNotBeEmpty();

        // Counters are the process's (other test classes allocate too): at least what this test did.
        metrics.Sum("cloudnet_ipam_allocations_total", ("family", "compute"), ("scope_kind", "pool"), ("outcome", "allocated")).ShouldBeGreaterThanOrEqualTo(6);
        metrics.Sum("cloudnet_ipam_allocations_total", ("family", "compute"), ("outcome", "exhausted")).ShouldBeGreaterThanOrEqualTo(1);
        metrics.Sum("cloudnet_requests_refused_total", ("family", "compute"), ("reason", "over_quota")).ShouldBeGreaterThanOrEqualTo(1);
        metrics.Sum("cloudnet_requests_refused_total", ("family", "compute"), ("reason", "exhausted")).ShouldBeGreaterThanOrEqualTo(1);

        metrics.Sum("http_server_request_duration_seconds_count", ("http_route", "/os-floating-ips"), ("http_request_method", "POST"),
            ("http_response_status_code", "202")).ShouldBeGreaterThanOrEqualTo(6);
        metrics.Sum("http_server_request_duration_seconds_count", ("http_route", "/os-floating-ips"), ("http_response_status_code", "403"))
            .ShouldBeGreaterThanOrEqualTo(1);
        metrics.Of("http_server_request_duration_seconds_bucket", ("http_route", "/os-floating-ips")).ShouldNotBeEmpty();
        metrics.Sum("marten_event_append_events_total", ("event_type", "floating_ip_allocated")).ShouldBeGreaterThanOrEqualTo(6);

        // Npgsql's connection pool, and the process.
        metrics.Of("db_client_connection_count", ("db_client_connection_state", "idle")).ShouldNotBeEmpty();
        metrics.Has("db_client_connection_max").ShouldBeTrue();
        foreach (var name in new[] { "process_cpu_time_seconds_total", "process_memory_usage_bytes", "dotnet_gc_collections_total",
                     "dotnet_gc_heap_total_allocated_bytes_total", "dotnet_process_memory_working_set_bytes" })
            metrics.Has(name).ShouldBeTrue(name);
    }

    [Fact]
    public async Task each_scrape_reads_the_pool_as_it_is_then()
    {
        (await ScrapeAsAdmin()).Sum("cloudnet_addresses_held", ("scope", app.SparePool)).ShouldBe(0);
        var ip = await app.Host.AllocateFloatingIp(TestAccount.Admin, app.SparePool);
        var held = await ScrapeAsAdmin();
        held.Sum("cloudnet_addresses_held", ("scope", app.SparePool)).ShouldBe(1);
        held.Sum("cloudnet_addresses_free", ("scope", app.SparePool)).ShouldBe(13);
        (await app.Host.ReleaseFloatingIp(TestAccount.Admin, ip["id"].Str())).Status().ShouldBe(202);
        (await ScrapeAsAdmin()).Sum("cloudnet_addresses_held", ("scope", app.SparePool)).ShouldBe(0);
    }
}

/// <summary>With <c>Metrics:Enabled=false</c> and no OTLP endpoint nothing is collected: no providers, no <c>/metrics</c>.</summary>
public sealed class WithoutTelemetry : AppFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Metrics:Enabled"] = "false" };
}

[Collection(TelemetryCollection.Name)]
public class when_metrics_are_off(WithoutTelemetry app) : IClassFixture<WithoutTelemetry>
{
    [Fact]
    public async Task there_is_no_metrics_route_and_nothing_collects()
    {
        var result = await app.Host.Scenario(x =>
        {
            x.Get.Url("/metrics");
            x.WithRequestHeader("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:admin-password")));
            x.IgnoreStatusCode();
        });
        result.Status().ShouldBe(404);
        app.Host.Services.GetService(typeof(OpenTelemetry.Metrics.MeterProvider)).ShouldBeNull();
        app.Host.Services.GetService(typeof(OpenTelemetry.Trace.TracerProvider)).ShouldBeNull();
    }
}
