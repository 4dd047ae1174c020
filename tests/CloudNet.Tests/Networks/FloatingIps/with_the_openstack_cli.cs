using CloudNet.Tests.Support;
using Xunit.Abstractions;

namespace CloudNet.Tests.Networks.FloatingIps;

/// <summary>
/// The OpenStack command-line client (Debian's <c>python3-openstackclient</c> 6.0.0 with openstacksdk 0.101, unmodified)
/// against the service on a real Kestrel port, over Keystone v3 with the demo account: <c>tests/openstack-cli/floating-ips.sh</c>
/// runs <c>floating ip create default</c>, <c>list</c>, <c>show</c>, <c>set --port</c>, <c>unset --port</c> and <c>delete</c> with
/// <c>-f json</c>, asserting each answer and nova's view of the same floating IP between the steps. The script installs the
/// client with apt-get when it is missing (CI runs as root); without it this test fails, since passing would prove nothing.
/// This test makes the server whose port the script associates.
/// </summary>
public class with_the_openstack_cli(ServiceOnALoopbackPort service, ITestOutputHelper output) : IClassFixture<ServiceOnALoopbackPort>
{
    readonly OpenStackCliRun cli = new(service, output);

    [Fact]
    public async Task create_list_show_set_unset_and_delete_a_floating_ip()
    {
        var (serverId, portId, fixedIp) = await ServerWithPortAsync();

        var run = await cli.RunAsync("floating-ips.sh", new Dictionary<string, string>
        {
            ["SERVER_ID"] = serverId, ["PORT_ID"] = portId, ["FIXED_IP"] = fixedIp,
        }, "PASS openstack-cli", "FLOATING_IP_ID=");

        // What the client did is what the API shows: the IP it created is gone, and the server has no floating IP left.
        var id = OpenStackCliRun.Printed(run, "FLOATING_IP_ID");
        var list = await cli.Send(HttpMethod.Get, "/os-floating-ips");
        list["floating_ips"]!.AsArray().Select(f => f!["id"].Str()).ShouldNotContain(id);
        var server = (await cli.Send(HttpMethod.Get, $"/servers/{serverId}"))["server"]!;
        server.AddressEntries().ShouldAllBe(a => a.Type == "fixed");
    }

    async Task<(string ServerId, string PortId, string FixedIp)> ServerWithPortAsync()
    {
        var created = await cli.Send(HttpMethod.Post, "/servers", new { server = new { name = "cli-target", imageRef = "img", flavorRef = "flv" } });
        var serverId = created["server"]!["id"].Str();
        var ports = await cli.Send(HttpMethod.Get, $"/v2.0/ports?device_id={serverId}&network_id={Scenarios.PublicNet}");
        var port = ports["ports"]!.AsArray().Single()!;
        var fixedIp = port["fixed_ips"]!.AsArray().Select(f => f!["ip_address"].Str()).Single(a => !a.Contains(':'));
        return (serverId, port["id"].Str(), fixedIp);
    }
}
