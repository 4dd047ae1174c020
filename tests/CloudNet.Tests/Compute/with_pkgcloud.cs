using CloudNet.Tests.Support;
using Xunit.Abstractions;

namespace CloudNet.Tests.Compute;

/// <summary>
/// pkgcloud 2.2.0 (npm), unmodified, against the service over HTTP, with both of its providers that speak to it
/// (<c>tests/pkgcloud/rackspace-and-openstack.js</c>; what they send and read: <c>reference/clients.md</c> §1-§3):
/// <list type="bullet">
/// <item>the <b>rackspace</b> provider authenticates with an API key at <c>{BASE}/v2.0/tokens</c>, picks the RegionOne
/// compute and network endpoints (the versioned <c>cloudNetworks</c>, <c>{BASE}/v2.0</c>) from the catalog, lists PublicNet and ServiceNet, creates an isolated network
/// (<c>os-networksv2</c>, also seen by the network client in <c>/v2.0/networks</c>), a server, a virtual interface on
/// the network (<c>os-virtual-interfacesv2</c>, seed 004: 200; a second one 409), lists and deletes it (200), and
/// deletes the network (a 4xx while the interface is attached);</item>
/// <item>the <b>openstack</b> provider (Keystone v2.0, password and tenant) reads the v2 version document, allocates a
/// floating IP from pool <c>default</c> (seed 003: 202), lists it, adds it to the server (the server's addresses
/// show it), removes it, deallocates it and destroys the server, with nova's 400 / 409 / 404 on the way; its network
/// client finds the unversioned network endpoint <c>{BASE}/networking</c> in the catalog, appends <c>v2.0</c> itself, lists
/// PublicNet, ServiceNet and the pool's external network, and creates, shows and destroys a network there; then a network
/// with a subnet, a security group (with Neutron's egress rules, the project's <c>default</c> group listed beside it), a rule
/// (a second one alike: 409), a port in the group (the group's delete: 409 while it is used), each listed and shown, and
/// all of it destroyed.</item>
/// </list>
/// Needs Node.js and npm on PATH; without them the test fails, since passing would prove nothing about pkgcloud.
/// <c>npm ci</c> fills the git-ignored <c>tests/pkgcloud/node_modules</c> when it is missing or older than the lock.
/// The script's step lines go to the test output and, on a failure, into the assertion message.
/// </summary>
public class with_pkgcloud(ServiceOnALoopbackPort server, ITestOutputHelper output) : IClassFixture<ServiceOnALoopbackPort>
{
    const string Script = "rackspace-and-openstack.js";
    static readonly TimeSpan NodeTimeout = TimeSpan.FromMinutes(3);

    static readonly string[] StepPrefixes = ["$ ", "ok   ", "FAIL ", "PASS ", "  sent", "  got", "  stack", "  cleanup"];

    [Fact]
    public async Task the_rackspace_and_openstack_providers_manage_networks_interfaces_servers_and_floating_ips()
    {
        var folder = await NodeScripts.PrepareAsync("pkgcloud", "pkgcloud (npm)");

        var run = await NodeScripts.RunAsync("node", [Script], folder, NodeTimeout, new Dictionary<string, string> { ["BASE"] = server.BaseAddress });
        var steps = NodeScripts.ScriptLines(run.Output, StepPrefixes);
        output.WriteLine(steps); // the steps, also on a pass (dotnet test --logger "console;verbosity=detailed")
        var report = $"node {Script} (BASE={server.BaseAddress}) failed.\n" +
            $"Its steps:\n{steps}\nAll of its output:\n{run.Output}";
        run.ExitCode.ShouldBe(0, report);
        run.Output.ShouldContain("PASS pkgcloud", Case.Sensitive, report);
    }
}
