using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
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
/// the tenant network the server is created on (by its name).
/// </summary>
public class with_the_openstack_cli(ServiceOnALoopbackPort service, ITestOutputHelper output) : IClassFixture<ServiceOnALoopbackPort>
{
    const string Script = "servers.sh";
    const string Network = "cli-servers";
    static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10); // a first run installs the client (about 100 Debian packages)
    static readonly string[] StepPrefixes = ["$ ", "ok   ", "FAIL ", "PASS ", "  ", "SERVER_ID=", "python3-openstackclient"];

    [Fact]
    public async Task a_server_is_made_from_named_images_flavors_networks_and_keypairs_used_and_deleted()
    {
        var network = (await Send(HttpMethod.Post, "/v2.0/networks", new { network = new { name = Network } }))["network"]!["id"].Str();
        await Send(HttpMethod.Post, "/v2.0/subnets", new { subnet = new { network_id = network, cidr = "10.77.0.0/24", ip_version = 4 } });

        var clock = Stopwatch.StartNew();
        var run = await NodeScripts.RunAsync("bash", [Script], Folder(), Timeout, new Dictionary<string, string>
        {
            ["BASE"] = service.BaseAddress, ["NETWORK"] = Network,
        });
        var steps = NodeScripts.ScriptLines(run.Output, StepPrefixes);
        output.WriteLine($"{steps}\n({clock.Elapsed.TotalSeconds:F1} s)");
        var report = $"bash {Script} (BASE={service.BaseAddress}) failed.\nIts steps:\n{steps}\nAll of its output:\n{run.Output}";
        run.ExitCode.ShouldBe(0, report);
        run.Output.ShouldContain("PASS openstack-cli-servers", Case.Sensitive, report);

        // What the client did is what the API and its history show: the server made with the keypair, then deleted.
        var id = run.Output.Split('\n').Single(l => l.StartsWith("SERVER_ID=")).Split('=')[1].Trim();
        (await Send(HttpMethod.Get, "/servers"))["servers"]!.AsArray().Select(s => s!["id"].Str()).ShouldNotContain(id);
        var events = (await Send(HttpMethod.Get, $"/history/servers/{id}/events"))["events"]!.AsArray();
        events[0]!["type"].Str().ShouldBe("server_created");
        events[0]!["data"]!["KeyName"].Str().ShouldStartWith("cli-key-");
        events[^1]!["type"].Str().ShouldBe("server_deleted");
        (await Send(HttpMethod.Get, "/os-keypairs"))["keypairs"]!.AsArray().ShouldBeEmpty();
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

    static string Folder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CloudNet.EventSourced.sln"))) return Path.Combine(dir.FullName, "tests", "openstack-cli");
        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} holds CloudNet.EventSourced.sln.");
    }
}
