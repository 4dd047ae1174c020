using System.Text.Json.Nodes;
using CloudNet.Tests.Networks;
using CloudNet.Tests.Support;

namespace CloudNet.Tests.Limits;

/// <summary><c>GET /limits</c> in nova's format, with enforcement on: remaining counts come from the shared counters.</summary>
public class when_showing_limits(LimitsOn app) : IClassFixture<LimitsOn>
{
    [Fact]
    public async Task rate_and_absolute_limits_are_reported_field_by_field()
    {
        var start = app.Clock.StartFreshHour();
        var now = Iso(start);
        var minuteEnd = Iso(start.AddSeconds(50));
        await app.Host.AllocateFloatingIp(TestAccount.Demo);
        await app.Host.AllocateFloatingIp(TestAccount.Demo);
        (await app.Host.As(TestAccount.Demo, x => x.Post.Json(new { network = new { cidr = "192.168.10.0/24", label = "one" } })
            .ToUrl("/os-networksv2"))).Status().ShouldBe(200);

        var limits = await Limits("/limits");

        limits.Keys().Order().ShouldBe(["absolute", "rate"]);
        var absolute = limits["absolute"]!.AsObject();
        // Nova's absolute limits (the project's quotas and what it holds), then Rackspace's private networks.
        absolute.Keys().Order(StringComparer.Ordinal).ShouldBe([
            "maxImageMeta", "maxPersonality", "maxPersonalitySize", "maxSecurityGroupRules", "maxSecurityGroups", "maxServerGroupMembers",
            "maxServerGroups", "maxServerMeta", "maxTotalCores", "maxTotalFloatingIps", "maxTotalInstances", "maxTotalKeypairs",
            "maxTotalPrivateNetworks", "maxTotalRAMSize", "totalCoresUsed", "totalFloatingIpsUsed", "totalInstancesUsed",
            "totalPrivateNetworksUsed", "totalRAMUsed", "totalSecurityGroupsUsed", "totalServerGroupsUsed"]);
        absolute["maxTotalPrivateNetworks"]!.GetValue<int>().ShouldBe(10);
        absolute["totalPrivateNetworksUsed"]!.GetValue<int>().ShouldBe(1);
        absolute["maxTotalFloatingIps"]!.GetValue<int>().ShouldBe(50); // Quotas:FloatingIps
        absolute["totalFloatingIpsUsed"]!.GetValue<int>().ShouldBe(2);

        var rate = limits["rate"]!.AsArray();
        rate.Select(r => (r!["uri"].Str(), r["regex"].Str())).ShouldBe([
            ("*", ".*"),
            ("/servers/{id}/os-virtual-interfacesv2", "^/servers/[^/]+/os-virtual-interfacesv2"),
            ("/os-networksv2", "^/os-networksv2"),
            ("/servers", "^/servers/?$"),
            ("/os-floating-ips", "^/os-floating-ips"),
        ]);
        foreach (var group in rate.Select(g => g!))
        {
            group.Keys().Order().ShouldBe(["limit", "regex", "uri"]);
            foreach (var limit in group["limit"]!.AsArray())
                limit!.Keys().Order().ShouldBe(["next-available", "remaining", "unit", "value", "verb"]);
        }

        // This GET counts itself; three POSTs so far; the DELETE rule shares the "*" group.
        Limit(rate, "*", "GET").ShouldBe(("MINUTE", 1000, 999, now));
        Limit(rate, "*", "POST").ShouldBe(("MINUTE", 100, 97, now));
        Limit(rate, "*", "DELETE").ShouldBe(("MINUTE", 2, 2, now));
        Limit(rate, "/servers/{id}/os-virtual-interfacesv2", "GET").ShouldBe(("MINUTE", 25, 25, now));
        Limit(rate, "/servers/{id}/os-virtual-interfacesv2", "POST").ShouldBe(("MINUTE", 4, 4, now));
        Limit(rate, "/os-networksv2", "POST").ShouldBe(("DAY", 100, 99, now));
        Limit(rate, "/servers", "POST").ShouldBe(("DAY", 1000, 1000, now));
        Limit(rate, "/os-floating-ips", "POST").ShouldBe(("MINUTE", 3, 1, now));

        // Spend the floating IP limit; the refused call counts nowhere, not even against POST *.
        await app.Host.AllocateFloatingIp(TestAccount.Demo);
        (await app.Host.As(TestAccount.Demo, x => x.Post.Url("/os-floating-ips"))).Status().ShouldBe(413);

        var after = (await Limits($"/v2/{TestAccount.Demo.TenantId}/limits"))["rate"]!.AsArray();
        Limit(after, "/os-floating-ips", "POST").ShouldBe(("MINUTE", 3, 0, minuteEnd));
        Limit(after, "*", "POST").ShouldBe(("MINUTE", 100, 96, now));
        Limit(after, "*", "GET").ShouldBe(("MINUTE", 1000, 998, now));

        // Another tenant has spent nothing.
        var other = await app.Host.As(TestAccount.Other, x => x.Get.Url("/limits"));
        var otherRate = (await other.Json())["limits"]!["rate"]!.AsArray();
        Limit(otherRate, "/os-floating-ips", "POST").ShouldBe(("MINUTE", 3, 3, now));
        (await other.Json())["limits"]!["absolute"]!["totalFloatingIpsUsed"]!.GetValue<int>().ShouldBe(0);
    }

    async Task<JsonObject> Limits(string url)
    {
        var result = await app.Host.As(TestAccount.Demo, x => x.Get.Url(url));
        result.Status().ShouldBe(200, await result.ReadAsTextAsync());
        result.Context.Response.ContentType.ShouldNotBeNull().ShouldStartWith("application/json");
        var body = await result.Json();
        body.Keys().ShouldBe(["limits"]);
        return body["limits"]!.AsObject();
    }

    internal static (string Unit, int Value, int Remaining, string NextAvailable) Limit(JsonArray rate, string uri, string verb)
    {
        var limit = rate.Single(r => r!["uri"].Str() == uri)!["limit"]!.AsArray().Single(l => l!["verb"].Str() == verb)!;
        return (limit["unit"].Str(), limit["value"]!.GetValue<int>(), limit["remaining"]!.GetValue<int>(), limit["next-available"].Str());
    }

    internal static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");
}
