using System.Diagnostics;
using CloudNet.Tests.Support;
using Xunit.Abstractions;

namespace CloudNet.Tests.Networks;

/// <summary>
/// gophercloud 0.12 (Debian's <c>golang-github-gophercloud-gophercloud-dev</c>, the library Terraform's OpenStack provider is
/// built on), unmodified, against the service on a real Kestrel port. <c>tests/gophercloud/run.sh</c> builds
/// <c>terraform-flow</c> offline (Debian's <c>golang-go</c>, Go's GOPATH mode) and runs one Terraform resource type per fact,
/// as <c>terraform apply</c> and then <c>terraform destroy</c> drive it: authenticate at <c>{base}/v3</c> and find the network
/// endpoint in the catalog (no endpoint override), create with the fields the provider sends, wait for ACTIVE (DOWN for
/// unbound ports and floating IPs), read every stored field back and compare it with the configuration (a second plan
/// would show no change), update, read again, delete and wait for 404. The calls mirror terraform-provider-openstack's
/// <c>resource_openstack_networking_*_v2.go</c>. The script installs the Debian packages with apt-get when they are missing
/// (CI runs as root); without them these facts fail, since passing would prove nothing. A failure names the resource,
/// the step, what was expected and what came back, with the request sent and the answer.
/// </summary>
public class with_gophercloud(ServiceOnALoopbackPort service, ITestOutputHelper output) : IClassFixture<ServiceOnALoopbackPort>
{
    // A first run installs the packages (about 40 MB) and compiles gophercloud; later runs link from Go's build cache.
    static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);
    static readonly string[] StepPrefixes = ["$ ", "ok   ", "FAIL ", "PASS ", "  sent", "  got", "  wire"];

    [Fact]
    public Task openstack_networking_network_v2() => ApplyAndDestroy("openstack_networking_network_v2");

    [Fact]
    public Task openstack_networking_subnet_v2() => ApplyAndDestroy("openstack_networking_subnet_v2");

    [Fact]
    public Task openstack_networking_port_v2() => ApplyAndDestroy("openstack_networking_port_v2");

    [Fact]
    public Task openstack_networking_floatingip_v2() => ApplyAndDestroy("openstack_networking_floatingip_v2");

    [Fact]
    public Task openstack_networking_floatingip_associate_v2() => ApplyAndDestroy("openstack_networking_floatingip_associate_v2");

    [Fact]
    public Task openstack_networking_router_v2() => ApplyAndDestroy("openstack_networking_router_v2");

    [Fact]
    public Task openstack_networking_router_interface_v2() => ApplyAndDestroy("openstack_networking_router_interface_v2");

    [Fact]
    public Task openstack_networking_secgroup_v2() => ApplyAndDestroy("openstack_networking_secgroup_v2");

    [Fact]
    public Task openstack_networking_secgroup_rule_v2() => ApplyAndDestroy("openstack_networking_secgroup_rule_v2");

    [Fact]
    public Task openstack_compute_keypair_v2() => ApplyAndDestroy("openstack_compute_keypair_v2");

    /// <summary>A server with a keypair, on its own network and subnet, its image and flavor by name (Glance at the catalog's
    /// <c>image</c> endpoint, nova's flavors); renamed and its metadata changed in place.</summary>
    [Fact]
    public Task openstack_compute_instance_v2() => ApplyAndDestroy("openstack_compute_instance_v2");

    async Task ApplyAndDestroy(string resource)
    {
        var clock = Stopwatch.StartNew();
        var run = await NodeScripts.RunAsync("bash", ["run.sh", "-resource", resource], NodeScripts.ClientFolder("gophercloud"), Timeout,
            new Dictionary<string, string> { ["BASE"] = service.BaseAddress });
        var steps = NodeScripts.ScriptLines(run.Output, StepPrefixes);
        output.WriteLine($"{steps}\n({clock.Elapsed.TotalSeconds:F1} s)");

        var failures = string.Join('\n', run.Output.Split('\n').Where(l => l.StartsWith("FAIL ") || l.StartsWith("  sent") || l.StartsWith("  got")));
        var report = $"gophercloud, {resource} (BASE={service.BaseAddress}):\n{failures}\n\nIts steps:\n{steps}\n\nAll of its output:\n{run.Output}";
        run.ExitCode.ShouldBe(0, report);
        run.Output.ShouldContain($"PASS gophercloud {resource}", Case.Sensitive, report);
    }
}
