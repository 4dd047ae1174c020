using CloudNet.Compute.FloatingIps.Pools;
using CloudNet.Tests.Admin.Recordings;
using CloudNet.Tests.Support;
using Xunit.Abstractions;

namespace CloudNet.Tests.Admin.Faults;

/// <summary>
/// Lifecycle fault rules seen through a real client's polling: the OpenStack CLI's <c>server create --wait</c>
/// (tests/openstack-cli/server-build.sh) waits a server through BUILD to ACTIVE, and says "Error creating server" for one that
/// ends in ERROR.
/// </summary>
public class with_the_openstack_cli_polling(ServiceOnALoopbackPort service, ITestOutputHelper output) : IClassFixture<ServiceOnALoopbackPort>
{
    readonly OpenStackCliRun cli = new(service, output);

    [Fact]
    public async Task server_create_wait_polls_through_build_to_active_and_reports_an_error_build()
    {
        var network = (await cli.Send(HttpMethod.Post, "/v2.0/networks", new { network = new { name = "cli-build" } }))["network"]!["id"].Str();
        await cli.Send(HttpMethod.Post, "/v2.0/subnets", new { subnet = new { network_id = network, cidr = "10.78.0.0/24", ip_version = 4 } });
        foreach (var result in new[] { "ACTIVE", "ERROR" })
        {
            var added = await service.Client.Admin(HttpMethod.Post, "/_cloudnet/faults", new
            {
                fault = new { tenant_id = TestAccount.Demo.TenantId, method = "POST", path = "/servers", build_polls = 1, build_result = result, count = 1 },
            });
            added.StatusCode.ShouldBe(System.Net.HttpStatusCode.Created, await added.Content.ReadAsStringAsync());
        }

        var run = await cli.RunAsync("server-build.sh", new Dictionary<string, string> { ["NETWORK"] = "cli-build" }, "PASS openstack-cli-server-build",
            "BUILT_ID=", "FAILED_ID=");

        // The client's polls are the build's steps in each server's history.
        foreach (var (name, end) in new[] { ("BUILT_ID", "ACTIVE"), ("FAILED_ID", "ERROR") })
        {
            var events = (await cli.Send(HttpMethod.Get, $"/history/servers/{OpenStackCliRun.Printed(run, name)}/events"))["events"]!.AsArray();
            var types = events.Select(e => e!["type"].Str()).ToList();
            types.Take(3).ShouldBe(["server_created", "server_build_polled", "server_build_ended"]);
            events[2]!["data"]!["Status"].Str().ShouldBe(end);
            types.Last().ShouldBe("server_deleted");
        }
    }

    [Fact]
    public async Task port_show_polled_in_a_loop_sees_a_bound_port_go_from_down_to_active_and_its_floating_ip_follow()
    {
        var network = (await cli.Send(HttpMethod.Post, "/v2.0/networks", new { network = new { name = "cli-port-active" } }))["network"]!["id"].Str();
        var subnet = (await cli.Send(HttpMethod.Post, "/v2.0/subnets", new { subnet = new { network_id = network, cidr = "10.79.0.0/24", ip_version = 4 } }))
            ["subnet"]!["id"].Str();
        var router = (await cli.Send(HttpMethod.Post, "/v2.0/routers", new
        {
            router = new { name = "cli-port-active", external_gateway_info = new { network_id = FloatingIpPool.NetworkIdOf("default") } },
        }))["router"]!["id"].Str();
        await cli.Send(HttpMethod.Put, $"/v2.0/routers/{router}/add_router_interface", new { subnet_id = subnet });
        var added = await service.Client.Admin(HttpMethod.Post, "/_cloudnet/faults", new
        {
            fault = new { tenant_id = TestAccount.Demo.TenantId, method = "POST", path = "/v2.0/ports", port_active_polls = 2, count = 1 },
        });
        added.StatusCode.ShouldBe(System.Net.HttpStatusCode.Created, await added.Content.ReadAsStringAsync());

        var run = await cli.RunAsync("port-active.sh", new Dictionary<string, string> { ["NETWORK"] = "cli-port-active" },
            "PASS openstack-cli-port-active", "PORT_ID=");

        // The client's reads are the wait's steps in the port's history.
        var events = (await cli.Send(HttpMethod.Get, $"/history/ports/{OpenStackCliRun.Printed(run, "PORT_ID")}/events"))["events"]!.AsArray();
        events.Select(e => e!["type"].Str()).ShouldBe(["port_created", "port_activation_polled", "port_activation_polled", "port_activated", "port_deleted"]);
    }
}
