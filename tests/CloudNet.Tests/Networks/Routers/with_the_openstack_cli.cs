using CloudNet.Tests.Support;
using Xunit.Abstractions;

namespace CloudNet.Tests.Networks.Routers;

/// <summary>
/// The OpenStack command-line client (Debian's <c>python3-openstackclient</c> 6.0.0 with openstacksdk 0.101, unmodified) and
/// the classic tenant setup, against the service on a real Kestrel port over Keystone v3 with the demo account:
/// <c>tests/openstack-cli/routers.sh</c> runs <c>network create</c>, <c>subnet create</c>, <c>router create</c>,
/// <c>router set --external-gateway</c>, <c>router add subnet</c>, <c>security group create</c>, <c>security group rule create</c>,
/// <c>server create --security-group</c>, <c>floating ip create</c>, <c>floating ip set --port</c> on the tenant network (the
/// floating IP then names the router), and the teardown in reverse order with Neutron's refusals on the way, asserting each
/// answer. The script installs the client with apt-get when it is missing (CI runs as root); without it this test fails,
/// since passing would prove nothing.
/// </summary>
public class with_the_openstack_cli(ServiceOnALoopbackPort service, ITestOutputHelper output) : IClassFixture<ServiceOnALoopbackPort>
{
    readonly OpenStackCliRun cli = new(service, output);

    [Fact]
    public async Task the_classic_setup_is_made_used_and_torn_down_in_reverse()
    {
        var run = await cli.RunAsync("routers.sh", new Dictionary<string, string>(), "PASS openstack-cli-routers", "ROUTER_ID=");

        // What the client did is the router's history: made, given a gateway and an interface, then undone step by step.
        var id = OpenStackCliRun.Printed(run, "ROUTER_ID");
        var events = (await cli.Send(HttpMethod.Get, $"/history/routers/{id}/events"))["events"]!.AsArray().Select(e => e!["type"].Str());
        events.ShouldBe(["router_created", "router_gateway_set", "router_interface_added", "router_interface_removed", "router_gateway_cleared",
            "router_deleted"]);
        (await cli.Send(HttpMethod.Get, "/v2.0/routers"))["routers"]!.AsArray().ShouldBeEmpty();
    }
}
