using CloudNet.Tests.Admin.Tenants;
using System.Text.Json.Nodes;
using CloudNet.Admin.Faults.CommandLine;
using CloudNet.Tests.Support;

namespace CloudNet.Tests.Admin.Faults;

/// <summary>The host checks the rule version on every request: a rule the command line (another process) adds applies at once.</summary>
public sealed class FaultsAppCheckingEveryRequest : FaultsApp
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Faults:RefreshMilliseconds"] = "0",
    };
}

/// <summary><c>faults add|list|show|remove|clear</c>: the command class on the test's host, and the built host's command line.</summary>
public class with_the_command_line(FaultsAppCheckingEveryRequest app) : IClassFixture<FaultsAppCheckingEveryRequest>
{
    [Fact]
    public async Task add_list_show_remove_and_clear_work_on_the_services_database()
    {
        var tenant = await app.Host.NewTenant("faults");

        var added = await Run(new FaultsInput
        {
            Action = FaultsAction.add, TenantFlag = tenant.TenantId, PathFlag = "/os-floating-ips", MethodFlag = "POST", StatusFlag = 413,
            CountFlag = 2, RetryAfterFlag = 7,
        });
        var id = added["fault"]!["id"].Str();
        added["fault"]!["created_by"].Str().ShouldStartWith("cli:");

        var faulted = await app.Host.PostFloatingIp(tenant);
        await faulted.ShouldBeNovaFault(413, "overLimit");
        faulted.Header("Retry-After").ShouldBe("7");

        var listed = await Run(new FaultsInput { Action = FaultsAction.list, TenantFlag = tenant.TenantId });
        listed["faults"]!.AsArray().Select(f => f!["id"].Str()).ShouldBe([id]);

        var shown = await Run(new FaultsInput { Action = FaultsAction.show, IdFlag = id });
        shown["fault"]!["fired"]!.GetValue<int>().ShouldBe(1);
        shown["fault"]!["firings"]!.AsArray().Single()!["request_id"].Str().ShouldBe(faulted.RequestId());

        var removed = await Run(new FaultsInput { Action = FaultsAction.remove, IdFlag = id });
        removed["removed"]!.AsArray().Single()!["id"].Str().ShouldBe(id);
        (await app.Host.PostFloatingIp(tenant)).Status().ShouldBe(202);

        await Run(new FaultsInput { Action = FaultsAction.add, TenantFlag = tenant.TenantId, PathFlag = "**", StatusFlag = 503 });
        (await app.Host.As(tenant, x => x.Get.Url("/os-floating-ips"))).Status().ShouldBe(503);
        var cleared = await Run(new FaultsInput { Action = FaultsAction.clear, TenantFlag = tenant.TenantId });
        cleared["removed"]!.AsArray().Count.ShouldBe(1);
        (await app.Host.As(tenant, x => x.Get.Url("/os-floating-ips"))).Status().ShouldBe(200);
    }

    [Fact]
    public async Task bad_input_fails_the_command_with_the_apis_words()
    {
        var errors = new StringWriter();
        var ok = await FaultsCommand.RunAsync(new FaultsInput { Action = FaultsAction.add, TenantFlag = "no-such-tenant", PathFlag = "/x" },
            app.Host.Services, TextWriter.Null, errors);
        ok.ShouldBeFalse();
        errors.ToString().ShouldContain("not a tenant");
        errors.ToString().ShouldContain("status is required");

        errors = new StringWriter();
        (await FaultsCommand.RunAsync(new FaultsInput { Action = FaultsAction.remove }, app.Host.Services, TextWriter.Null, errors)).ShouldBeFalse();
        errors.ToString().ShouldContain("--id is required");
    }

    [Fact]
    public async Task the_built_hosts_command_line_adds_a_rule_the_running_service_applies()
    {
        var tenant = await app.Host.NewTenant("faults");

        var file = Path.Combine(Path.GetTempPath(), $"fault-{Guid.NewGuid():N}.json");
        var (exitCode, output) = await RunCli("faults", "add", "--tenant", tenant.TenantId, "--path", "/os-floating-ips", "--method", "POST",
            "--status", "503", "--count", "1", "--body", """{"error":"injected"}""", "--output", file);
        exitCode.ShouldBe(0, output);
        var rule = JsonNode.Parse(await File.ReadAllTextAsync(file))!["fault"]!;
        File.Delete(file);

        var faulted = await app.Host.PostFloatingIp(tenant);
        faulted.Status().ShouldBe(503);
        (await faulted.ReadAsTextAsync()).ShouldBe("""{"error":"injected"}""");
        faulted.RuleHeader().ShouldBe(rule["id"].Str());
        (await app.Host.PostFloatingIp(tenant)).Status().ShouldBe(202);

        var (listCode, listOutput) = await RunCli("faults", "list", "--tenant", tenant.TenantId, "--all");
        listCode.ShouldBe(0, listOutput);
        // On the console the JSON follows the command line's own messages: from the line "{" to the last line "}".
        var lines = listOutput.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var json = string.Join('\n', lines.Skip(lines.IndexOf("{")).Take(lines.LastIndexOf("}") - lines.IndexOf("{") + 1));
        var listed = JsonNode.Parse(json)!["faults"]!.AsArray().Single()!;
        listed["id"].Str().ShouldBe(rule["id"].Str());
        listed["fired"]!.GetValue<int>().ShouldBe(1);
    }

    async Task<JsonNode> Run(FaultsInput input)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        (await FaultsCommand.RunAsync(input, app.Host.Services, output, errors)).ShouldBeTrue(errors.ToString());
        return JsonNode.Parse(output.ToString())!;
    }

    Task<(int ExitCode, string Output)> RunCli(params string[] arguments) => ServiceCommandLine.RunAsync(app.ConnectionString, arguments);
}
