using System.Text.Json.Nodes;
using Alba;
using CloudNet.Tests.Support;

namespace CloudNet.Tests.Admin.Tenants;

/// <summary>Admin calls: a throw-away tenant, made through <c>POST /_cloudnet/tenants</c>, as a test account.</summary>
public static class TenantScenarios
{
    public static async Task<TestAccount> NewTenant(this IAlbaHost host, string name = "")
    {
        var result = await host.As(TestAccount.Admin, x => x.Post.Json(new { name }).ToUrl("/_cloudnet/tenants"));
        var text = await result.ReadAsTextAsync();
        result.Status().ShouldBe(201, text);
        var credentials = JsonNode.Parse(text)!["credentials"]!;
        return new TestAccount(credentials["user"].Str(), credentials["password"].Str(), credentials["api_key"].Str(), credentials["project_id"].Str());
    }

    public static async Task<JsonNode> Reset(this IAlbaHost host, string tenantId)
    {
        var result = await host.As(TestAccount.Admin, x => x.Post.Url($"/_cloudnet/tenants/{tenantId}/reset"));
        var text = await result.ReadAsTextAsync();
        result.Status().ShouldBe(200, text);
        return JsonNode.Parse(text)!["reset"]!;
    }
}
