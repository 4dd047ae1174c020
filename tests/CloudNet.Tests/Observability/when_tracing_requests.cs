using System.Diagnostics;
using System.Text;
using CloudNet.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace CloudNet.Tests.Observability;

/// <summary>Activities as they end, from any thread.</summary>
/// <remarks>
/// ASP.NET Core ends a request's server span when it disposes the request's context, which can come after the client
/// has read the response; so a test waits for the span it expects to arrive rather than assuming it already has.
/// </remarks>
public sealed class ActivityLog : System.Collections.ObjectModel.Collection<Activity>
{
    readonly Lock gate = new();
    readonly List<(Func<Activity, bool> Match, TaskCompletionSource<Activity> Arrived)> waiters = [];

    protected override void InsertItem(int index, Activity item)
    {
        lock (gate)
        {
            base.InsertItem(Count, item);
            foreach (var waiter in waiters.Where(w => w.Match(item)).ToList())
            {
                waiters.Remove(waiter);
                waiter.Arrived.TrySetResult(item);
            }
        }
    }

    public Activity[] Snapshot()
    {
        lock (gate) return [.. this];
    }

    /// <summary>The first activity that matches, once it has ended (at most ten seconds on).</summary>
    public Task<Activity> Ended(Func<Activity, bool> match)
    {
        lock (gate)
        {
            var already = this.FirstOrDefault(match);
            if (already is not null) return Task.FromResult(already);
            var arrived = new TaskCompletionSource<Activity>(TaskCreationOptions.RunContinuationsAsynchronously);
            waiters.Add((match, arrived));
            return arrived.Task.WaitAsync(TimeSpan.FromSeconds(10));
        }
    }
}

/// <summary>The service with OTEL_EXPORTER_OTLP_ENDPOINT set (to a receiver of the test's own) and an in-memory exporter beside it.</summary>
public sealed class TracedAppFixture : AppFixture
{
    public OtlpReceiver Receiver { get; } = new();

    public ActivityLog Activities { get; } = new();

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = Receiver.Endpoint,
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        ["OTEL_SERVICE_NAME"] = "cloudnet-under-test",
    };

    protected override void ConfigureServices(IServiceCollection services) =>
        services.ConfigureOpenTelemetryTracerProvider(traces => traces.AddInMemoryExporter(Activities));

    public void Flush() => Host.Services.GetRequiredService<TracerProvider>().ForceFlush(10_000).ShouldBeTrue();
}

/// <summary>
/// With an OTLP endpoint configured, a request is one trace: the ASP.NET Core server span (tagged by Wolverine with its
/// endpoint, and by the service with its request id, tenant and history link) and Npgsql's command spans beneath it;
/// exported over OTLP. Background database work roots no trace.
/// </summary>
[Collection(TelemetryCollection.Name)]
public class when_tracing_requests(TracedAppFixture app) : IClassFixture<TracedAppFixture>
{
    [Fact]
    public async Task a_request_is_one_trace_that_leads_to_its_events()
    {
        var allocate = await app.Host.As(TestAccount.Demo, x => x.Post.Url("/os-floating-ips"));
        allocate.Status().ShouldBe(202);
        var requestId = allocate.Header("X-Compute-Request-Id").ShouldNotBeNull();
        var server = await app.Activities.Ended(a => a.Kind == ActivityKind.Server && Equals(a.GetTagItem("cloudnet.request_id"), requestId));
        app.Flush();
        app.Activities.Snapshot().Count(a => a.Kind == ActivityKind.Server && Equals(a.GetTagItem("cloudnet.request_id"), requestId)).ShouldBe(1);
        server.GetTagItem("cloudnet.history").ShouldBe($"/history/requests/{requestId}");
        server.GetTagItem("cloudnet.tenant_id").ShouldBe(TestAccount.Demo.TenantId);
        server.GetTagItem("http.route").ShouldBe("/os-floating-ips");
        server.GetTagItem("handler.type").ShouldBe("CloudNet.Compute.FloatingIps.Allocating.AllocateFloatingIpEndpoint");
        server.DisplayName.ShouldBe("POST /os-floating-ips");

        // Npgsql's command spans, under the request's (ended before the response, with the transaction's commit).
        var commands = app.Activities.Snapshot().Where(a => a.TraceId == server.TraceId && a.Source.Name == "Npgsql").ToList();
        commands.ShouldNotBeEmpty();
        commands.ShouldAllBe(a => a.ParentSpanId == server.SpanId);
        commands.ShouldContain(a => ((string?)a.GetTagItem("db.query.text") ?? "").Contains("ip_leases"));

        // The slow request's id leads to what it did.
        var events = await app.Host.As(TestAccount.Demo, x => x.Get.Url($"/history/requests/{requestId}"));
        events.Status().ShouldBe(200);
        (await events.Json())["events"]!.AsArray().Select(e => e!["type"].Str()).ShouldContain("floating_ip_allocated");

        // The same spans left over OTLP, to the endpoint the standard variable names.
        app.Flush();
        app.Receiver.Received("/v1/traces", requestId).ShouldBeTrue();
        app.Receiver.Received("/v1/traces", "cloudnet-under-test").ShouldBeTrue();
    }

    [Fact]
    public async Task only_requests_root_a_trace()
    {
        (await app.Host.As(TestAccount.Demo, x => x.Get.Url("/os-floating-ips"))).Status().ShouldBe(200);
        await app.Activities.Ended(a => a.Kind == ActivityKind.Server && Equals(a.GetTagItem("url.path"), "/os-floating-ips"));
        app.Flush();
        var roots = app.Activities.Snapshot().Where(a => a.ParentSpanId == default).ToList();
        roots.ShouldNotBeEmpty();
        roots.ShouldAllBe(a => a.Kind == ActivityKind.Server || a.Kind == ActivityKind.Consumer);
    }

    [Fact]
    public async Task a_scrape_of_the_metrics_is_not_traced()
    {
        var scrape = await app.Host.Scenario(x =>
        {
            x.Get.Url("/metrics");
            x.WithRequestHeader("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:admin-password")));
            x.StatusCodeShouldBe(200);
        });
        (await scrape.ReadAsTextAsync()).ShouldContain("http_server_request_duration_seconds");
        // The scrape came first: once the request after it has ended, a span of the scrape's would have too.
        (await app.Host.As(TestAccount.Demo, x => x.Get.Url("/os-floating-ip-pools"))).Status().ShouldBe(200);
        await app.Activities.Ended(a => a.Kind == ActivityKind.Server && Equals(a.GetTagItem("url.path"), "/os-floating-ip-pools"));
        app.Flush();
        var paths = app.Activities.Snapshot().Where(a => a.Kind == ActivityKind.Server).Select(a => a.GetTagItem("url.path")).ToList();
        paths.ShouldNotContain("/metrics");
    }
}

/// <summary>Without an OTLP endpoint nothing traces: no provider, and no listener on Npgsql's or Marten's sources.</summary>
[Collection(TelemetryCollection.Name)]
public class when_no_trace_endpoint_is_set(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public void no_tracer_provider_is_registered() =>
        app.Host.Services.GetService<TracerProvider>().ShouldBeNull();
}
