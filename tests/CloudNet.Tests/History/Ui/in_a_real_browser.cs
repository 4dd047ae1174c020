using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CloudNet.Compute.FloatingIps.Pools;
using CloudNet.Tests.Support;
using Xunit.Abstractions;

namespace CloudNet.Tests.History.Ui;

/// <summary>
/// The history page in Debian's Chromium, headless, driven by playwright-core (<c>tests/history-ui/history-page.mjs</c>;
/// no browser is downloaded: <c>history-page.sh</c> installs Debian's <c>chromium</c> with apt-get when it is missing).
/// On a history this test makes through the API (demo's floating IP released and taken by another tenant), the script
/// signs in, asks for a range of the pool, sees the bars and the pool's fill, opens demo's interval, its events and the
/// state after each, asks who held the addresses at an instant, and checks that the page logged no console error and
/// that its Content-Security-Policy refused nothing. Needs Node.js and npm, as the other client tests do.
/// </summary>
public class in_a_real_browser(ServiceOnALoopbackPort server, ITestOutputHelper output) : IClassFixture<ServiceOnALoopbackPort>
{
    static readonly string[] StepPrefixes = ["$ ", "ok   ", "FAIL ", "PASS ", "  got", "chromium"];

    async Task<JsonNode> Call(HttpMethod method, string path, string user)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{user}-password")));
        var response = await server.Client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.ShouldBeTrue($"{method} {path}: {(int)response.StatusCode} {body}");
        return body.Length > 0 ? JsonNode.Parse(body)! : new JsonObject();
    }

    [Fact]
    public async Task a_person_signs_in_asks_for_a_range_opens_an_interval_and_asks_who_held_them_then()
    {
        // Demo holds the first address and lets it go; Other takes it next (released addresses are reused first).
        var own = (await Call(HttpMethod.Post, "/os-floating-ips", "demo"))["floating_ip"]!;
        await Call(HttpMethod.Post, "/os-floating-ips", "other");
        await Call(HttpMethod.Delete, $"/os-floating-ips/{own["id"].Str()}", "demo");
        var taken = (await Call(HttpMethod.Post, "/os-floating-ips", "other"))["floating_ip"]!;
        taken["ip"].Str().ShouldBe(own["ip"].Str());
        await Call(HttpMethod.Post, "/os-floating-ips", "demo");
        var holdings = (await Call(HttpMethod.Get, $"/history/addresses/{own["ip"].Str()}", "demo"))["holdings"]!.AsArray();
        var at = DateTimeOffset.Parse(holdings[^1]!["from"].Str()).AddMilliseconds(1).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'");

        var folder = await NodeScripts.PrepareAsync("history-ui", "the history page in Chromium (playwright-core)");
        var run = await NodeScripts.RunAsync("bash", ["history-page.sh"], folder, TimeSpan.FromMinutes(8), new Dictionary<string, string>
        {
            ["BASE"] = server.BaseAddress,
            ["NETWORK_ID"] = FloatingIpPool.NetworkIdOf("default").ToString(),
            ["RANGE"] = "203.0.113.1-203.0.113.6",
            ["OWN"] = own["ip"].Str(),
            ["AT"] = at,
        });
        var steps = NodeScripts.ScriptLines(run.Output, StepPrefixes);
        output.WriteLine(steps);
        var report = $"bash history-page.sh (BASE={server.BaseAddress}) failed.\nIts steps:\n{steps}\nAll of its output:\n{run.Output}";
        run.ExitCode.ShouldBe(0, report);
        run.Output.ShouldContain("PASS history-ui", Case.Sensitive, report);
    }
}
