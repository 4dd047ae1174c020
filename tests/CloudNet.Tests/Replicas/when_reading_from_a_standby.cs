using System.Diagnostics;
using Alba;
using CloudNet.Replicas;
using CloudNet.Tests.Reliability;
using CloudNet.Tests.Networks.FloatingIps;
using CloudNet.Tests.Support;

namespace CloudNet.Tests.Replicas;

/// <summary>
/// Issue 23, part 2: GETs are served by the standby, a client reads its own writes at once (the standby is waited for
/// within the bound, or the primary answers), a stale standby is read past, and writes and their uniqueness decisions
/// stay on the primary. The standby is made stale by pausing its replay, so that what it shows is the past for certain.
/// </summary>
public class when_reading_from_a_standby(ReplicatedService service) : IClassFixture<ReplicatedService>
{
    IAlbaHost Host => service.Host;

    static string? ReadFrom(IScenarioResult result) => result.Header(ReadRouting.ReadFromHeader);

    [Fact]
    public async Task a_read_is_answered_by_the_standby()
    {
        var ip = await Host.AllocateFloatingIp(TestAccount.Demo);
        await service.Pair.WaitForStandbyAsync();

        var result = await Host.As(TestAccount.Demo, x => x.Get.Url($"/os-floating-ips/{ip["id"].Str()}"));

        result.Status().ShouldBe(200);
        ReadFrom(result).ShouldBe("standby");
        (await result.Json())["floating_ip"]!["ip"].Str().ShouldBe(ip["ip"].Str());
    }

    [Fact]
    public async Task a_client_reads_each_write_it_made_at_once()
    {
        for (var i = 0; i < 20; i++)
        {
            var created = await Host.As(TestAccount.Demo, x => x.Post.Url("/os-floating-ips"));
            created.Status().ShouldBe(202);
            created.Header(ReadRouting.WrittenHeader).ShouldNotBeNullOrEmpty();
            var ip = (await created.Json())["floating_ip"]!;

            var shown = await Host.As(TestAccount.Demo, x => x.Get.Url($"/os-floating-ips/{ip["id"].Str()}"));
            shown.Status().ShouldBe(200, $"read {i} ({ReadFrom(shown)}) did not see the write before it");
            ReadFrom(shown).ShouldBeOneOf("standby", "standby-after-wait", "primary-after-wait");
            var listed = await Host.ListNeutronFloatingIps(TestAccount.Demo);
            listed.Select(f => f!["id"].Str()).ShouldContain(ip["id"].Str());
        }
    }

    [Fact]
    public async Task a_stale_standby_is_read_past_by_the_writer_and_shows_others_the_past()
    {
        await service.Pair.WaitForStandbyAsync();
        var address = await NeverHeldAddressAsync();
        await service.Pair.PauseReplayAsync();
        try
        {
            var created = await Host.CreateFloatingIp(TestAccount.Demo,
                new { floating_network_id = FloatingIpScenarios.DefaultNetwork, floating_ip_address = address });

            // The writer: the standby has not replayed its write; past the bound, the primary answers, and again at once.
            for (var i = 0; i < 2; i++)
            {
                var own = await Host.GetFloatingIp(TestAccount.Demo, created["id"].Str());
                own.Status().ShouldBe(200);
                ReadFrom(own).ShouldBe("primary-after-wait");
            }

            // Another tenant wrote nothing: it reads the standby, which shows the address as it was (never held).
            var other = await Host.As(TestAccount.Other, x => x.Get.Url($"/history/addresses/{address}"));
            ReadFrom(other).ShouldBe("standby");
            (await other.ReadAsTextAsync()).ShouldNotContain("held_by_another_tenant\":true");

            // The primary decides uniqueness whatever the standby shows: the address is taken.
            var again = await Host.PostFloatingIp(TestAccount.Other, new { floating_network_id = FloatingIpScenarios.DefaultNetwork, floating_ip_address = address });
            again.Status().ShouldBe(409);
        }
        finally
        {
            await service.Pair.ResumeReplayAsync();
        }

        await service.Pair.WaitForStandbyAsync();
        var caughtUp = await Host.As(TestAccount.Other, x => x.Get.Url($"/history/addresses/{address}"));
        ReadFrom(caughtUp).ShouldBe("standby");
        (await caughtUp.ReadAsTextAsync()).ShouldContain("held_by_another_tenant\":true");
    }

    /// <summary>An address of the default pool no test of this class has held yet (they share the database).</summary>
    async Task<string> NeverHeldAddressAsync()
    {
        for (var last = 250; last > 100; last--)
        {
            var history = await Host.As(TestAccount.Other, x => x.Get.Url($"/history/addresses/203.0.113.{last}"));
            if ((await history.Json())["holdings"]!.AsArray().Count == 0) return $"203.0.113.{last}";
        }
        throw new InvalidOperationException("Every address of 203.0.113.101-250 was held already");
    }

    [Fact]
    public async Task a_position_carried_from_another_node_is_waited_for()
    {
        await using var otherNode = await service.StartNodeAsync();
        await service.Pair.WaitForStandbyAsync();
        await service.Pair.PauseReplayAsync();
        try
        {
            var created = await otherNode.As(TestAccount.Demo, x => x.Post.Url("/os-floating-ips"));
            created.Status().ShouldBe(202);
            var written = created.Header(ReadRouting.WrittenHeader).ShouldNotBeNull();
            var id = (await created.Json())["floating_ip"]!["id"].Str();

            // This node never saw the write: without the position, the stale standby answers (not found).
            var unaware = await Host.As(TestAccount.Demo, x => x.Get.Url($"/os-floating-ips/{id}"));
            ReadFrom(unaware).ShouldBe("standby");
            unaware.Status().ShouldBe(404);

            var carried = await Host.As(TestAccount.Demo, x =>
            {
                x.WithRequestHeader(ReadRouting.ReadAfterHeader, written);
                x.Get.Url($"/os-floating-ips/{id}");
            });
            ReadFrom(carried).ShouldBe("primary-after-wait");
            carried.Status().ShouldBe(200);
        }
        finally
        {
            await service.Pair.ResumeReplayAsync();
        }
    }

    [Fact]
    public async Task without_a_standby_reads_and_writes_go_to_the_primary()
    {
        await service.Pair.StopStandbyAsync();
        try
        {
            var ip = await Host.AllocateFloatingIp(TestAccount.Other);
            var shown = await Host.As(TestAccount.Other, x => x.Get.Url($"/os-floating-ips/{ip["id"].Str()}"));
            shown.Status().ShouldBe(200);
            ReadFrom(shown).ShouldBe("primary");
        }
        finally
        {
            await service.Pair.StartStandbyAgainAsync();
        }

        // Back: once Npgsql tries the standby again (Host Recheck Seconds=1), reads return to it.
        await service.Pair.WaitForStandbyAsync();
        var watch = Stopwatch.StartNew();
        var from = ReadFrom(await Host.As(TestAccount.Other, x => x.Get.Url("/os-floating-ips")));
        while (from != "standby" && watch.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(50);
            from = ReadFrom(await Host.As(TestAccount.Other, x => x.Get.Url("/os-floating-ips")));
        }
        from.ShouldBe("standby");
    }

    /// <summary>
    /// Every GET of the OpenAPI document, on a tenant with one of every resource: served by the standby (nothing a GET
    /// does needs the primary: a write on a standby would fail), and the same answer, status and body, as a node that
    /// reads everything on the primary.
    /// </summary>
    [Fact]
    public async Task every_read_route_answers_from_the_standby_as_from_the_primary()
    {
        var world = await TenantWorld.CreateAsync(Host, TestAccount.Demo, 61);
        var catalog = await RouteCatalog.ReadAsync(Host);
        await using var primaryOnly = await service.StartNodeAsync(readsFromStandby: false);
        await service.Pair.WaitForStandbyAsync();

        var compared = 0;
        foreach (var route in catalog.Routes.Where(r => r.Method == "GET"))
        foreach (var path in PathsOf(route, world))
        {
            var fromStandby = await Host.As(TestAccount.Demo, x => x.Get.Url(path));
            var fromPrimary = await primaryOnly.As(TestAccount.Demo, x => x.Get.Url(path));
            var body = await fromStandby.ReadAsTextAsync();
            fromStandby.Status().ShouldBeLessThan(500, $"GET {path}: {body}");
            ReadFrom(fromStandby).ShouldBe("standby", $"GET {path}");
            fromStandby.Status().ShouldBe(fromPrimary.Status(), $"GET {path}");
            WithoutRequestIds(body).ShouldBe(WithoutRequestIds(await fromPrimary.ReadAsTextAsync()), $"GET {path}");
            compared++;
        }
        compared.ShouldBeGreaterThan(60);
    }

    static IEnumerable<string> PathsOf(Route route, TenantWorld world)
    {
        if (route.PathParameters.Contains("kind") && route.PathParameters.Contains("id"))
        {
            foreach (var (kind, id) in world.HistoryResources)
                yield return route.Template.Replace("{kind}", kind).Replace("{id}", id);
            yield break;
        }
        var path = route.Template;
        foreach (var parameter in route.PathParameters)
            path = path.Replace($"{{{parameter}}}", Uri.EscapeDataString(world.ValuesFor(route, parameter).FirstOrDefault() ?? "1"));
        yield return path;
    }

    /// <summary>
    /// Error bodies name the request that got them, a different one on each node; rate limits say when the next window
    /// opens, counted from the second each node answered.
    /// </summary>
    static string WithoutRequestIds(string body) => System.Text.RegularExpressions.Regex.Replace(
        System.Text.RegularExpressions.Regex.Replace(body, "req-[0-9a-f-]{36}", "req-"),
        "\"next-available\":\"[^\"]*\"", "\"next-available\":\"\"");
}
