using System.Text.Json.Nodes;
using Alba;
using CloudNet.Tests.Support;

namespace CloudNet.Tests.Networks.SecurityGroups;

/// <summary>"Given" steps of Neutron's security groups and rules, through the public HTTP API only.</summary>
public static class SecurityGroupScenarios
{
    public static Task<IScenarioResult> PostSecurityGroup(this IAlbaHost host, TestAccount account, object security_group) =>
        host.As(account, x => x.Post.Json(new { security_group }).ToUrl("/v2.0/security-groups"));

    public static async Task<JsonNode> CreateSecurityGroup(this IAlbaHost host, TestAccount account, string name, object? attributes = null)
    {
        var result = await host.PostSecurityGroup(account, attributes ?? new { name });
        result.Status().ShouldBe(201, await result.ReadAsTextAsync());
        return (await result.Json())["security_group"]!;
    }

    public static Task<IScenarioResult> PostRule(this IAlbaHost host, TestAccount account, object security_group_rule) =>
        host.As(account, x => x.Post.Json(new { security_group_rule }).ToUrl("/v2.0/security-group-rules"));

    public static async Task<JsonNode> CreateRule(this IAlbaHost host, TestAccount account, object rule)
    {
        var result = await host.PostRule(account, rule);
        result.Status().ShouldBe(201, await result.ReadAsTextAsync());
        return (await result.Json())["security_group_rule"]!;
    }

    public static async Task<JsonArray> ListSecurityGroups(this IAlbaHost host, TestAccount account, string query = "")
    {
        var result = await host.As(account, x => x.Get.Url($"/v2.0/security-groups{query}"));
        result.Status().ShouldBe(200, await result.ReadAsTextAsync());
        return (await result.Json())["security_groups"]!.AsArray();
    }

    public static async Task<JsonNode> ShowSecurityGroup(this IAlbaHost host, TestAccount account, string id)
    {
        var result = await host.As(account, x => x.Get.Url($"/v2.0/security-groups/{id}"));
        result.Status().ShouldBe(200, await result.ReadAsTextAsync());
        return (await result.Json())["security_group"]!;
    }

    public static Task<IScenarioResult> DeleteSecurityGroup(this IAlbaHost host, TestAccount account, string id) =>
        host.As(account, x => x.Delete.Url($"/v2.0/security-groups/{id}"));

    /// <summary>The account's <c>default</c> group (it must exist).</summary>
    public static async Task<JsonNode> DefaultGroup(this IAlbaHost host, TestAccount account) =>
        (await host.ListSecurityGroups(account, "?name=default")).Single()!;

    /// <summary>A rule's essentials, for comparing sets of rules: direction, ethertype, protocol, ports, remote.</summary>
    public static string Shape(this JsonNode rule) =>
        $"{rule["direction"].Str()} {rule["ethertype"].Str()} {rule["protocol"].Str()} {rule["port_range_min"].Str()}-{rule["port_range_max"].Str()} " +
        $"{rule["remote_ip_prefix"].Str()} {rule["remote_group_id"].Str()}";
}
