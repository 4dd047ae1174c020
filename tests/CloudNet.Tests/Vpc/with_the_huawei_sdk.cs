using CloudNet.Tests.Support;
using Xunit.Abstractions;

namespace CloudNet.Tests.Vpc;

/// <summary>
/// The official Huawei Cloud SDK for Node (<c>@huaweicloud/huaweicloud-sdk-vpc</c> v2 <c>VpcClient</c> with
/// <c>BasicCredentials</c>, AK/SK signed), unmodified, against the service over HTTP: <c>tests/huawei-sdk/privateips.mjs</c>
/// makes everything itself through the SDK: a v1 VPC and a subnet of it (create, show, list), then assigns, lists,
/// shows and deletes private IPs on that subnet and checks the <c>VPC.0701</c> error the SDK surfaces, then deletes
/// the subnet and the VPC (after which ShowVpc is the SDK's <c>VPC.0003</c> error). Needs Node.js and npm on PATH;
/// without them the test fails, since passing would prove nothing about the SDK. The script's step lines go to the
/// test output.
/// </summary>
public class with_the_huawei_sdk(ServiceOnALoopbackPort server, ITestOutputHelper output) : IClassFixture<ServiceOnALoopbackPort>
{
    static readonly TimeSpan NodeTimeout = TimeSpan.FromMinutes(2);

    static readonly string[] StepPrefixes = ["$ ", "ok   ", "FAIL ", "PASS ", "  sent", "  cleanup", "  canonical", "    | "];

    [Fact]
    public Task the_official_node_sdk_makes_a_vpc_and_subnet_and_assigns_lists_shows_and_deletes_private_ips() => RunAsync("privateips.mjs");

    /// <summary>
    /// <c>tests/huawei-sdk/vpc.mjs</c> (issue 21): the v2 and v3 clients make a VPC and a subnet (DHCP and DNS), a virtual IP's
    /// port, a private IP the port names in its <c>allowed_address_pairs</c> (then in use: <c>VPC.0707</c>), update the VPC and
    /// read it back through v3, tag it, read the quota and the IP availability, read the same network, subnet and port through
    /// the <c>neutron*</c> calls (AK/SK on <c>/v2.0</c>), apply, bind, unbind and release an EIP over HTTP signed by the SDK
    /// core's signer, and tear everything down.
    /// </summary>
    [Fact]
    public Task the_official_node_sdk_drives_ports_virtual_ips_eips_updates_tags_quotas_and_the_v3_api() => RunAsync("vpc.mjs");

    async Task RunAsync(string script)
    {
        var sdkFolder = await NodeScripts.PrepareAsync("huawei-sdk", "the official Huawei Cloud SDK for Node");

        // The SDK writes an application id under ~/.huaweicloud (core http/DefaultUserAgent.js): give it a home of its own.
        var home = Directory.CreateTempSubdirectory("huawei-sdk-home-");
        try
        {
            var run = await NodeScripts.RunAsync("node", [script], sdkFolder, NodeTimeout, new Dictionary<string, string>
            {
                ["BASE"] = server.BaseAddress,
                ["HOME"] = home.FullName,
            });
            var steps = NodeScripts.ScriptLines(run.Output, StepPrefixes);
            output.WriteLine(steps); // the steps, also on a pass (dotnet test --logger "console;verbosity=detailed")
            var report = $"node {script} (BASE={server.BaseAddress}) failed.\n" +
                $"Its steps:\n{steps}\nAll of its output, with the SDK's own log:\n{run.Output}";
            run.ExitCode.ShouldBe(0, report);
            run.Output.ShouldContain("PASS the Huawei SDK worked", Case.Sensitive, report);
        }
        finally
        {
            home.Delete(recursive: true);
        }
    }
}
