using System.Text.Json.Nodes;
using Alba;
using CloudNet.Tests.Support;
using Npgsql;

namespace CloudNet.Tests.Admin.Faults;

/// <summary>A deployment for fault tests: room for many floating IPs, as the parallel tests allocate a few dozen.</summary>
public class FaultsApp : AppFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Quotas:FloatingIps"] = "1000",
    };

    /// <summary>The types of the events stored with a request's id (its correlation id), straight from PostgreSQL.</summary>
    public async Task<List<string>> EventTypesOfRequestAsync(string requestId)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select type from cloudnet.mt_events where correlation_id = $1 order by seq_id", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = requestId });
        var types = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) types.Add(reader.GetString(0));
        return types;
    }
}

/// <summary>Admin calls for fault rules through the public HTTP API (a throw-away tenant per test: <see cref="Tenants.TenantScenarios.NewTenant"/>).</summary>
public static class FaultScenarios
{
    /// <summary><c>POST /_cloudnet/faults</c> as the admin; the rule must be accepted (201). Returns the rule.</summary>
    public static async Task<JsonNode> AddFault(this IAlbaHost host, object fault)
    {
        var result = await host.As(TestAccount.Admin, x => x.Post.Json(new { fault }).ToUrl("/_cloudnet/faults"));
        var text = await result.ReadAsTextAsync();
        result.Status().ShouldBe(201, text);
        var rule = JsonNode.Parse(text)!["fault"]!;
        result.Header("Location").ShouldBe($"/_cloudnet/faults/{rule["id"].Str()}");
        return rule;
    }

    /// <summary><c>GET /_cloudnet/faults/{id}</c> as the admin: the rule with its firings.</summary>
    public static async Task<JsonNode> ShowFault(this IAlbaHost host, string id)
    {
        var result = await host.As(TestAccount.Admin, x => x.Get.Url($"/_cloudnet/faults/{id}"));
        var text = await result.ReadAsTextAsync();
        result.Status().ShouldBe(200, text);
        return JsonNode.Parse(text)!["fault"]!;
    }

    public static Task<IScenarioResult> PostFloatingIp(this IAlbaHost host, TestAccount account, string path = "/os-floating-ips") =>
        host.As(account, x => x.Post.Url(path));

    /// <summary>A problem+json error of the admin API: the status and the detail.</summary>
    public static async Task<string> ShouldBeProblem(this IScenarioResult result, int status)
    {
        var text = await result.ReadAsTextAsync();
        result.Status().ShouldBe(status, text);
        result.Context.Response.ContentType.ShouldNotBeNull().ShouldStartWith("application/problem+json");
        var problem = JsonNode.Parse(text)!;
        problem["status"]!.GetValue<int>().ShouldBe(status);
        return problem["detail"].Str();
    }

    public static string? RuleHeader(this IScenarioResult result) => result.Header("X-CloudNet-Fault");

    public static string? RequestId(this IScenarioResult result) => result.Header("X-Compute-Request-Id") ?? result.Header("X-Openstack-Request-Id")
        ?? result.Header("X-Request-Id");
}
