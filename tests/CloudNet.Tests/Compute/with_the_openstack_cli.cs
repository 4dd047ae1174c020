using CloudNet.Tests.Support;
using Xunit.Abstractions;

namespace CloudNet.Tests.Compute;

/// <summary>
/// The OpenStack command-line client (Debian's <c>python3-openstackclient</c> 6.0.0 with openstacksdk 0.101, unmodified)
/// and a server's whole life, against the service on a real Kestrel port over Keystone v3 with the demo account:
/// <c>tests/openstack-cli/servers.sh</c> runs <c>image list/show</c>, <c>flavor list/show</c>, <c>availability zone list</c>,
/// <c>keypair create</c> (generated and imported), <c>server create --image --flavor --network --key-name --wait</c> (all by
/// name), <c>server list/show</c>, <c>server add/remove floating ip</c>, <c>limits show --absolute</c>, <c>quota show</c>,
/// <c>server delete --wait</c> and <c>keypair delete</c>, asserting each answer. The script installs the client with apt-get
/// when it is missing (CI runs as root); without it this test fails, since passing would prove nothing. This test makes
/// the tenant network the server is created on (by its name), and the router its floating IP needs.
/// </summary>
public class with_the_openstack_cli(ServiceOnALoopbackPort service, ITestOutputHelper output) : IClassFixture<ServiceOnALoopbackPort>
{
    const string Network = "cli-servers";
    readonly OpenStackCliRun cli = new(service, output);

    [Fact]
    public async Task a_server_is_made_from_named_images_flavors_networks_and_keypairs_used_and_deleted()
    {
        var network = (await cli.Send(HttpMethod.Post, "/v2.0/networks", new { network = new { name = Network } }))["network"]!["id"].Str();
        var subnet = (await cli.Send(HttpMethod.Post, "/v2.0/subnets", new { subnet = new { network_id = network, cidr = "10.77.0.0/24", ip_version = 4 } }))
            ["subnet"]!["id"].Str();
        // The floating IP the script gives the server reaches this tenant network through a router, as on a real cloud.
        var router = (await cli.Send(HttpMethod.Post, "/v2.0/routers", new
        {
            router = new { name = "cli-servers", external_gateway_info = new { network_id = CloudNet.Compute.FloatingIps.Pools.FloatingIpPool.NetworkIdOf("default") } },
        }))["router"]!["id"].Str();
        await cli.Send(HttpMethod.Put, $"/v2.0/routers/{router}/add_router_interface", new { subnet_id = subnet });

        var run = await cli.RunAsync("servers.sh", new Dictionary<string, string> { ["NETWORK"] = Network }, "PASS openstack-cli-servers", "SERVER_ID=");

        // What the client did is what the API and its history show: the server made with the keypair, then deleted.
        var id = OpenStackCliRun.Printed(run, "SERVER_ID");
        (await cli.Send(HttpMethod.Get, "/servers"))["servers"]!.AsArray().Select(s => s!["id"].Str()).ShouldNotContain(id);
        var events = (await cli.Send(HttpMethod.Get, $"/history/servers/{id}/events"))["events"]!.AsArray();
        events[0]!["type"].Str().ShouldBe("server_created");
        events[0]!["data"]!["KeyName"].Str().ShouldStartWith("cli-key-");
        events[^1]!["type"].Str().ShouldBe("server_deleted");
        (await cli.Send(HttpMethod.Get, "/os-keypairs"))["keypairs"]!.AsArray().ShouldBeEmpty();
    }
}
