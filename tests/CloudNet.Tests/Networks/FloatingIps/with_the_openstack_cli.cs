using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CloudNet.Tests.Support;
using Xunit.Abstractions;

namespace CloudNet.Tests.Networks.FloatingIps;

/// <summary>
/// The OpenStack command-line client (Debian's <c>python3-openstackclient</c> 6.0.0 with openstacksdk 0.101, unmodified)
/// against the service on a real Kestrel port, over Keystone v3 with the demo account: <c>tests/openstack-cli/floating-ips.sh</c>
/// runs <c>floating ip create default</c>, <c>list</c>, <c>show</c>, <c>set --port</c>, <c>unset --port</c> and <c>delete</c> with
/// <c>-f json</c>, asserting each answer and nova's view of the same floating IP between the steps. The script installs the
/// client with apt-get when it is missing (CI runs as root); without it this test fails, since passing would prove nothing.
/// This test makes the server whose port the script associates (the client's <c>server create</c> needs an image service).
/// </summary>
public class with_the_openstack_cli(ServiceOnALoopbackPort service, ITestOutputHelper output) : IClassFixture<ServiceOnALoopbackPort>
{
    const string Script = "floating-ips.sh";
    static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10); // a first run installs the client (about 100 Debian packages)
    static readonly string[] StepPrefixes = ["$ ", "ok   ", "FAIL ", "PASS ", "  ", "FLOATING_IP_ID=", "python3-openstackclient"];

    [Fact]
    public async Task create_list_show_set_unset_and_delete_a_floating_ip()
    {
        var (serverId, portId, fixedIp) = await ServerWithPortAsync();

        var clock = Stopwatch.StartNew();
        var run = await NodeScripts.RunAsync("bash", [Script], NodeScripts.ClientFolder("openstack-cli"), Timeout, new Dictionary<string, string>
        {
            ["BASE"] = service.BaseAddress, ["SERVER_ID"] = serverId, ["PORT_ID"] = portId, ["FIXED_IP"] = fixedIp,
        });
        var steps = NodeScripts.ScriptLines(run.Output, StepPrefixes);
        output.WriteLine($"{steps}\n({clock.Elapsed.TotalSeconds:F1} s)");
        var report = $"bash {Script} (BASE={service.BaseAddress}) failed.\nIts steps:\n{steps}\nAll of its output:\n{run.Output}";
        run.ExitCode.ShouldBe(0, report);
        run.Output.ShouldContain("PASS openstack-cli", Case.Sensitive, report);

        // What the client did is what the API shows: the IP it created is gone, and the server has no floating IP left.
        var id = run.Output.Split('\n').Single(l => l.StartsWith("FLOATING_IP_ID=")).Split('=')[1].Trim();
        var list = await Send(HttpMethod.Get, "/os-floating-ips");
        list["floating_ips"]!.AsArray().Select(f => f!["id"].Str()).ShouldNotContain(id);
        var server = (await Send(HttpMethod.Get, $"/servers/{serverId}"))["server"]!;
        server.AddressEntries().ShouldAllBe(a => a.Type == "fixed");
    }

    async Task<(string ServerId, string PortId, string FixedIp)> ServerWithPortAsync()
    {
        var created = await Send(HttpMethod.Post, "/servers", new { server = new { name = "cli-target", imageRef = "img", flavorRef = "flv" } });
        var serverId = created["server"]!["id"].Str();
        var ports = await Send(HttpMethod.Get, $"/v2.0/ports?device_id={serverId}&network_id={Scenarios.PublicNet}");
        var port = ports["ports"]!.AsArray().Single()!;
        var fixedIp = port["fixed_ips"]!.AsArray().Select(f => f!["ip_address"].Str()).Single(a => !a.Contains(':'));
        return (serverId, port["id"].Str(), fixedIp);
    }

    string? token;

    async Task<JsonNode> Send(HttpMethod method, string url, object? body = null)
    {
        token ??= await Token();
        using var request = new HttpRequestMessage(method, url);
        request.Headers.Add("X-Auth-Token", token);
        if (body is not null) request.Content = JsonContent.Create(body);
        using var response = await service.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).ShouldBeInRange(200, 299, $"{method} {url}: {text}");
        return JsonNode.Parse(text)!;
    }

    async Task<string> Token()
    {
        var account = TestAccount.Demo;
        using var response = await service.Client.PostAsJsonAsync("/v2.0/tokens",
            new { auth = new { passwordCredentials = new { username = account.User, password = account.Password } } });
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["access"]!["token"]!["id"].Str();
    }
}
