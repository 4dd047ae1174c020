using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Alba;
using CloudNet.Tests.Support;

namespace CloudNet.Tests.Reliability.Chaos;

/// <summary>
/// Issue 9, scenario 2 at a smaller size (ops/chaos stops a real PostgreSQL): the connection to the database is cut
/// while requests of every family are in flight. Each request ends in time, in its family's format: done (2xx) or
/// 503; while it is gone everything is 503; when it is back the service recovers by itself.
/// </summary>
public class the_database_goes_away_during_requests(ServiceBehindAProxy app) : IClassFixture<ServiceBehindAProxy>
{
    static readonly TestAccount Demo = TestAccount.Demo;
    static readonly TimeSpan Bound = TimeSpan.FromSeconds(6);

    sealed record Call(string Family, Action<Scenario> Configure);

    async Task<Call[]> Calls()
    {
        var networks = await app.Host.As(Demo, x => x.Get.Url("/v2.0/networks?router:external=true"));
        var pool = (await networks.Json())["networks"]!.AsArray().Single(n => n!["name"].Str() == "default")!["id"].Str();
        var subnet = await app.Host.As(Demo, x => x.Post.Json(new { network = new { label = "vpc", cidr = "10.70.0.0/16" } }).ToUrl("/os-networksv2"));
        var subnetId = (await subnet.Json())["network"]!["id"].Str();
        return
        [
            new("nova", x => x.Post.Url("/os-floating-ips")),
            new("nova", x => x.Get.Url("/os-floating-ips")),
            new("neutron", x => x.Post.Json(new { floatingip = new { floating_network_id = pool } }).ToUrl("/v2.0/floatingips")),
            new("neutron", x => x.Get.Url("/v2.0/floatingips")),
            new("vpc", x => x.Post.Json(new { privateips = new[] { new { subnet_id = subnetId } } }).ToUrl($"/v1/{Demo.TenantId}/privateips")),
            new("vpc", x => x.Get.Url($"/v1/{Demo.TenantId}/vpcs")),
        ];
    }

    static bool InFamilyFormat(string family, int status, JsonNode? body) => family switch
    {
        "nova" => body?[status == 503 ? "serviceUnavailable" : "conflictingRequest"]?["code"]?.GetValue<int>() == status,
        "neutron" => body?["NeutronError"]?["type"].Str() is { } type && (status != 503 || type == "ServiceUnavailable"),
        _ => body?["code"].Str() is { } code && code.StartsWith("VPC.") && body["error_msg"] is not null,
    };

    async Task<(string Family, int Status, bool Format, TimeSpan Took)> Send(Call call)
    {
        var watch = Stopwatch.StartNew();
        var result = await app.Host.As(Demo, call.Configure);
        var took = watch.Elapsed;
        var status = result.Status();
        var text = await result.ReadAsTextAsync();
        var format = status < 400 || InFamilyFormat(call.Family, status, text.Length > 0 ? JsonNode.Parse(text) : null);
        return (call.Family, status, format, took);
    }

    [Fact]
    public async Task requests_in_flight_end_in_time_then_every_family_answers_503_and_recovers_by_itself()
    {
        var calls = await Calls();
        foreach (var call in calls) (await Send(call)).Status.ShouldBeLessThan(300, call.Family); // warm: handlers are generated

        // Load from 12 workers; the cut comes while they run.
        var outcomes = new ConcurrentBag<(string Family, int Status, bool Format, TimeSpan Took)>();
        using var stop = new CancellationTokenSource();
        var workers = Enumerable.Range(0, 12).Select(w => Task.Run(async () =>
        {
            for (var i = w; !stop.IsCancellationRequested; i++) outcomes.Add(await Send(calls[i % calls.Length]));
        })).ToArray();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (outcomes.Count < 60 && DateTime.UtcNow < deadline) await Task.Delay(10);
        app.Proxy.Stop();
        var cutAt = outcomes.Count;
        while (outcomes.Count < cutAt + 120 && DateTime.UtcNow < deadline) await Task.Delay(10);
        stop.Cancel();
        await Task.WhenAll(workers);

        var all = outcomes.ToList();
        all.Where(o => o.Status >= 500 && o.Status != 503).ShouldBeEmpty();
        // A request the cut did not reach succeeds (or loses a race to another: 409); one it reached is a 503.
        all.Where(o => o.Status >= 300 && o.Status is not (409 or 503)).ShouldBeEmpty();
        all.Where(o => !o.Format).ShouldBeEmpty();
        all.Max(o => o.Took).ShouldBeLessThan(Bound);
        all.Count(o => o.Status == 503).ShouldBeGreaterThanOrEqualTo(100);

        // Down: each call, and /health, a 503 in its format, in time.
        foreach (var call in calls)
        {
            var down = await Send(call);
            (down.Status, down.Format).ShouldBe((503, true), call.Family);
            down.Took.ShouldBeLessThan(Bound);
        }
        (await app.Host.Scenario(x => { x.Get.Url("/health"); x.StatusCodeShouldBe(503); })).ShouldNotBeNull();

        // Back: every call succeeds again within a few seconds, with no restart.
        app.Proxy.Start();
        var watch = Stopwatch.StartNew();
        foreach (var call in calls)
        {
            while ((await Send(call)).Status >= 300)
            {
                watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(15), call.Family);
                await Task.Delay(50);
            }
        }
        (await app.Host.Scenario(x => { x.Get.Url("/health"); x.StatusCodeShouldBe(200); })).ShouldNotBeNull();
        (await Invariants.CheckAsync(app.DirectConnectionString)).ShouldBe(new Invariants.Report(0, 0, 0));
    }
}
