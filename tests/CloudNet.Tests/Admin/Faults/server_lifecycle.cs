using System.Text.Json.Nodes;
using Alba;
using CloudNet.Compute.Servers;
using CloudNet.Compute.Servers.Building;
using CloudNet.Tests.Admin.Tenants;
using CloudNet.Tests.Support;

namespace CloudNet.Tests.Admin.Faults;

/// <summary>
/// Lifecycle fault rules (<c>build_polls</c>, <c>build_seconds</c>, <c>build_result</c>): the servers a matching request creates
/// stay in BUILD for N reads or seconds, then become ACTIVE or ERROR; each step is an event of the server's stream.
/// </summary>
public class server_lifecycle(FaultsOnAManualClock app) : IClassFixture<FaultsOnAManualClock>
{
    static async Task<string> PostServer(IAlbaHost host, TestAccount tenant)
    {
        var result = await host.As(tenant, x => x.Post.Json(new { server = new { name = "built", imageRef = "img", flavorRef = "flv" } }).ToUrl("/servers"));
        result.Status().ShouldBe(202, await result.ReadAsTextAsync());
        return (await result.Json())["server"]!["id"].Str();
    }

    static async Task<List<string>> EventTypes(IAlbaHost host, TestAccount tenant, string serverId)
    {
        var result = await host.As(tenant, x => x.Get.Url($"/history/servers/{serverId}/events"));
        result.Status().ShouldBe(200, await result.ReadAsTextAsync());
        return (await result.Json())["events"]!.AsArray().Select(e => e!["type"].Str()).ToList();
    }

    [Fact]
    public async Task a_server_stays_in_build_for_two_polls_then_is_active_and_its_history_shows_each_step()
    {
        var tenant = await app.Host.NewTenant("lifecycle");
        var rule = await app.Host.AddFault(new { tenant_id = tenant.TenantId, method = "POST", path = "/servers", build_polls = 2, count = 1 });
        rule["build_polls"]!.GetValue<int>().ShouldBe(2);
        rule["build_result"].Str().ShouldBe("ACTIVE");

        var id = await PostServer(app.Host, tenant);
        var listed = (await (await app.Host.As(tenant, x => x.Get.Url("/servers/detail"))).Json())["servers"]!.AsArray().Single()!;
        listed["status"].Str().ShouldBe("BUILD", "a list shows the state without taking a step");

        var first = await app.Host.ShowServer(tenant, id);
        first["status"].Str().ShouldBe("BUILD");
        first["OS-EXT-STS:vm_state"].Str().ShouldBe("building");
        first["OS-EXT-STS:task_state"].Str().ShouldBe("spawning");
        (await app.Host.ShowServer(tenant, id))["status"].Str().ShouldBe("BUILD");
        var third = await app.Host.ShowServer(tenant, id);
        third["status"].Str().ShouldBe("ACTIVE");
        third["progress"]!.GetValue<int>().ShouldBe(100);
        (await app.Host.ShowServer(tenant, id))["status"].Str().ShouldBe("ACTIVE");

        (await EventTypes(app.Host, tenant, id)).ShouldBe(["server_created", "server_build_polled", "server_build_polled", "server_build_ended"]);
        (await app.Host.ShowFault(rule["id"].Str()))["fired"]!.GetValue<int>().ShouldBe(1);

        // The rule was counted: the next server is active at once.
        var next = await PostServer(app.Host, tenant);
        (await app.Host.ShowServer(tenant, next))["status"].Str().ShouldBe("ACTIVE");
    }

    [Fact]
    public async Task a_server_can_end_its_build_in_error_with_novas_fault()
    {
        var tenant = await app.Host.NewTenant("lifecycle");
        await app.Host.AddFault(new { tenant_id = tenant.TenantId, method = "POST", path = "/servers", build_polls = 1, build_result = "error" });

        var id = await PostServer(app.Host, tenant);
        (await app.Host.ShowServer(tenant, id))["status"].Str().ShouldBe("BUILD");
        var failed = await app.Host.ShowServer(tenant, id);
        failed["status"].Str().ShouldBe("ERROR");
        failed["OS-EXT-STS:vm_state"].Str().ShouldBe("error");
        failed["fault"]!["code"]!.GetValue<int>().ShouldBe(500);
        failed["fault"]!["message"].Str().ShouldContain("ERROR");

        var deleted = await app.Host.As(tenant, x => x.Delete.Url($"/servers/{id}"));
        deleted.Status().ShouldBe(204, "a server in ERROR can be deleted, as on nova");
    }

    [Fact]
    public async Task a_server_built_for_seconds_turns_active_on_the_first_read_after_the_services_clock_passed_them()
    {
        var tenant = await app.Host.NewTenant("lifecycle");
        await app.Host.AddFault(new { tenant_id = tenant.TenantId, method = "POST", path = "/servers", build_seconds = 30, count = 1 });

        var id = await PostServer(app.Host, tenant);
        (await app.Host.ShowServer(tenant, id))["status"].Str().ShouldBe("BUILD");
        (await app.Host.ShowServer(tenant, id))["status"].Str().ShouldBe("BUILD", "reads alone do not end a build by time");
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        (await app.Host.ShowServer(tenant, id))["status"].Str().ShouldBe("ACTIVE");
        (await EventTypes(app.Host, tenant, id)).ShouldBe(["server_created", "server_build_ended"]);
    }
}

/// <summary>The build's steps as a pure function of the server and the instant.</summary>
public class server_build_steps
{
    static readonly DateTimeOffset Now = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    static Server Building(int? polls, DateTimeOffset? until, string result = "ACTIVE") => Server.Create(
        new ServerCreated(Guid.NewGuid(), "t", "s", "i", "f", new Dictionary<string, string>(), [], "u", "u", Now)
        {
            Build = new ServerBuild(Guid.NewGuid(), polls, until, result),
        });

    [Fact]
    public void each_read_counts_a_poll_down_and_the_read_that_finds_none_left_ends_the_build()
    {
        var server = Building(1, null, "ERROR");
        server.Status.ShouldBe("BUILD");
        var polled = ServerBuilding.OnRead(server, "u", Now).ShouldBeOfType<ServerBuildPolled>();
        polled.PollsLeft.ShouldBe(0);
        server = server.Apply(polled);
        var ended = ServerBuilding.OnRead(server, "u", Now).ShouldBeOfType<ServerBuildEnded>();
        ended.Status.ShouldBe("ERROR");
        server = server.Apply(ended);
        server.Status.ShouldBe("ERROR");
        ServerBuilding.OnRead(server, "u", Now).ShouldBeNull();
    }

    [Fact]
    public void a_timed_build_ends_on_the_first_read_at_or_after_its_end_whatever_polls_remain()
    {
        var server = Building(null, Now.AddSeconds(10));
        ServerBuilding.OnRead(server, "u", Now.AddSeconds(9)).ShouldBeNull();
        ServerBuilding.OnRead(server, "u", Now.AddSeconds(10)).ShouldBeOfType<ServerBuildEnded>().Status.ShouldBe("ACTIVE");
        ServerBuilding.OnRead(Building(5, Now.AddSeconds(10)), "u", Now.AddSeconds(11)).ShouldBeOfType<ServerBuildEnded>();
    }
}
