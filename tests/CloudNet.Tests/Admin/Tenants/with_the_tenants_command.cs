using System.Text.Json.Nodes;
using CloudNet.Admin.Tenants;
using CloudNet.Tests.History;
using CloudNet.Tests.Support;

namespace CloudNet.Tests.Admin.Tenants;

/// <summary><c>tenants create|list|reset|fork</c>: the command class on the test's host, as the host's command line runs it.</summary>
public class with_the_tenants_command(RoomyTenants app) : IClassFixture<RoomyTenants>
{
    async Task<JsonNode> Run(TenantsInput input)
    {
        var output = new StringWriter();
        (await TenantsCommand.RunAsync(input, app.Host.Services, output, CancellationToken.None)).ShouldBeTrue();
        return JsonNode.Parse(output.ToString())!;
    }

    [Fact]
    public async Task create_reset_and_fork_from_the_command_line()
    {
        var created = await Run(new TenantsInput { Action = TenantAction.create, NameFlag = "from-a-script" });
        var credentials = created["credentials"]!;
        var tenant = new TestAccount(credentials["user"].Str(), credentials["password"].Str(), credentials["api_key"].Str(), credentials["project_id"].Str());
        var ip = await app.Host.AllocateFloatingIp(tenant);
        var allocated = (await app.Host.EventsOf(tenant, HistoryKinds.FloatingIps, ip["id"].Str()))[0]!["sequence"]!.GetValue<long>();

        var reset = await Run(new TenantsInput { Action = TenantAction.reset, TenantFlag = tenant.TenantId });
        var fork = await Run(new TenantsInput { Action = TenantAction.fork, TenantFlag = tenant.TenantId, SequenceFlag = allocated.ToString() });
        var listed = await Run(new TenantsInput { Action = TenantAction.list });

        reset["reset"]!["floating_ips"]!.GetValue<int>().ShouldBe(1);
        (await app.Host.ListFloatingIps(tenant)).ShouldBeEmpty();
        var forked = new TestAccount(fork["credentials"]!["user"].Str(), fork["credentials"]!["password"].Str(), "", fork["credentials"]!["project_id"].Str());
        (await app.Host.ListFloatingIps(forked)).Select(x => x!["ip"].Str()).ShouldBe([ip["ip"].Str()]);
        listed["tenants"]!.AsArray().Select(t => t!["id"].Str()).ShouldContain(tenant.TenantId);
        (await app.Host.EventsOf(tenant, HistoryKinds.FloatingIps, ip["id"].Str()))[^1]!["command"].Str().ShouldBe("tenants reset");
    }
}
