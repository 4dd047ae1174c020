using CloudNet.Tests.Admin.Recordings;
using CloudNet.Tests.Support;
using Xunit.Abstractions;

namespace CloudNet.Tests.Compute;

/// <summary>
/// Lifecycle fault rules seen through pkgcloud 2.2.0's polling (npm, unmodified; <c>tests/pkgcloud/set-wait.js</c>): the openstack
/// provider's <c>server.setWait({status: RUNNING}, interval, timeLimit, cb)</c> (pkgcloud's name for nova's ACTIVE) polls a server
/// kept in BUILD for two reads and calls back with it ACTIVE after the third; on a server whose build ends in ERROR it keeps
/// polling until its time limit and then calls back without an error, with the server in ERROR.
/// </summary>
public class with_pkgcloud_waiting(ServiceOnALoopbackPort service, ITestOutputHelper output) : IClassFixture<ServiceOnALoopbackPort>
{
    static readonly string[] StepPrefixes = ["$ ", "ok   ", "FAIL ", "PASS ", "  cleanup", "BUILT_ID=", "FAILED_ID="];

    [Fact]
    public async Task set_wait_polls_a_building_server_to_active_and_on_error_calls_back_without_an_error_at_its_time_limit()
    {
        foreach (var (polls, result) in new[] { (2, "ACTIVE"), (1, "ERROR") })
        {
            var added = await service.Client.Admin(HttpMethod.Post, "/_cloudnet/faults", new
            {
                fault = new { tenant_id = TestAccount.Demo.TenantId, method = "POST", path = "/servers", build_polls = polls, build_result = result, count = 1 },
            });
            added.StatusCode.ShouldBe(System.Net.HttpStatusCode.Created, await added.Content.ReadAsStringAsync());
        }
        var folder = await NodeScripts.PrepareAsync("pkgcloud", "pkgcloud (npm)");

        var run = await NodeScripts.RunAsync("node", ["set-wait.js"], folder, TimeSpan.FromMinutes(2),
            new Dictionary<string, string> { ["BASE"] = service.BaseAddress });
        var steps = NodeScripts.ScriptLines(run.Output, StepPrefixes);
        output.WriteLine(steps);
        var report = $"node set-wait.js (BASE={service.BaseAddress}) failed.\nIts steps:\n{steps}\nAll of its output:\n{run.Output}";
        run.ExitCode.ShouldBe(0, report);
        run.Output.ShouldContain("PASS pkgcloud-set-wait", Case.Sensitive, report);

        // pkgcloud's polls are the builds' steps in each server's history.
        var demo = new OpenStackCliRun(service, output);
        foreach (var (name, expected) in new[]
                 {
                     ("BUILT_ID", new[] { "server_created", "server_build_polled", "server_build_polled", "server_build_ended" }),
                     ("FAILED_ID", ["server_created", "server_build_polled", "server_build_ended"]),
                 })
        {
            var events = (await demo.Send(HttpMethod.Get, $"/history/servers/{OpenStackCliRun.Printed(run.Output, name)}/events"))["events"]!.AsArray();
            var types = events.Select(e => e!["type"].Str()).ToList();
            types.Take(expected.Length).ShouldBe(expected, "the polls after the build ended take no step");
            types.Last().ShouldBe("server_deleted");
        }
    }
}
