using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace CloudNet.Tests.Support;

/// <summary>
/// A script of <c>tests/openstack-cli</c> (Debian's openstack client, which the script installs when missing) against the
/// service on its loopback port, and the demo account's own calls around it, to set up what the script needs and to
/// check what it left.
/// </summary>
public sealed class OpenStackCliRun(ServiceOnALoopbackPort service, ITestOutputHelper output)
{
    static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10); // a first run installs the client (about 100 Debian packages)

    string? token;

    /// <summary>Runs the script with <c>BASE</c> and <paramref name="environment"/>; it must end with <paramref name="pass"/>.
    /// Returns its output; its own lines (those starting with <paramref name="steps"/>) go to the test's output.</summary>
    public async Task<string> RunAsync(string script, IDictionary<string, string> environment, string pass, params string[] steps)
    {
        var clock = Stopwatch.StartNew();
        var run = await NodeScripts.RunAsync("bash", [script], Folder(), Timeout,
            new Dictionary<string, string>(environment) { ["BASE"] = service.BaseAddress });
        var lines = NodeScripts.ScriptLines(run.Output, ["$ ", "ok   ", "FAIL ", "PASS ", "  ", "python3-openstackclient", .. steps]);
        output.WriteLine($"{lines}\n({clock.Elapsed.TotalSeconds:F1} s)");
        var report = $"bash {script} (BASE={service.BaseAddress}) failed.\nIts steps:\n{lines}\nAll of its output:\n{run.Output}";
        run.ExitCode.ShouldBe(0, report);
        run.Output.ShouldContain(pass, Case.Sensitive, report);
        return run.Output;
    }

    /// <summary>The value the script printed as <c>NAME=value</c>.</summary>
    public static string Printed(string output, string name) =>
        output.Split('\n').Single(l => l.StartsWith($"{name}=")).Split('=')[1].Trim();

    /// <summary>A call of the demo account, which must succeed; its JSON answer.</summary>
    public async Task<JsonNode> Send(HttpMethod method, string url, object? body = null)
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
