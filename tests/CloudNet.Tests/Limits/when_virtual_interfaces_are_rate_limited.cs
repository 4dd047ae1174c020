using CloudNet.Tests.Support;

namespace CloudNet.Tests.Limits;

/// <summary>
/// Rackspace's <c>POST /servers/{id}/os-virtual-interfacesv2</c> 4 per minute (a default rule, appsettings.json).
/// Rackspace counts requests, not successes: four 404s for a server that does not exist spend the minute.
/// </summary>
public class when_virtual_interfaces_are_rate_limited(LimitsOn app) : IClassFixture<LimitsOn>
{
    static object Body => new { virtual_interface = new { network_id = Scenarios.ServiceNet } };

    [Fact]
    public async Task the_fifth_post_in_a_minute_is_413_even_after_four_404s()
    {
        app.Clock.StartFreshHour();
        for (var i = 0; i < 4; i++)
        {
            var missing = await app.Host.As(TestAccount.Demo, x => x.Post.Json(Body).ToUrl($"/servers/{Guid.NewGuid()}/os-virtual-interfacesv2"));
            missing.Status().ShouldBe(404, await missing.ReadAsTextAsync());
        }

        // Any server, any prefix: the rule's regex covers every server of the tenant.
        var refused = await app.Host.As(TestAccount.Demo, x => x.Post.Json(Body)
            .ToUrl($"/v2/{TestAccount.Demo.TenantId}/servers/{Guid.NewGuid()}/os-virtual-interfacesv2"));

        await refused.ShouldBeNovaFault(413, "overLimit");
        refused.Header("Retry-After").ShouldBe("50");
        (await refused.Json())["overLimit"]!["details"].Str()
            .ShouldBe("Only 4 POST request(s) can be made to /servers/{id}/os-virtual-interfacesv2 every minute.");

        // GET on the same path has its own limit (25 per minute), untouched.
        (await app.Host.As(TestAccount.Demo, x => x.Get.Url($"/servers/{Guid.NewGuid()}/os-virtual-interfacesv2"))).Status().ShouldBe(404);
        (await app.Host.As(TestAccount.Other, x => x.Post.Json(Body).ToUrl($"/servers/{Guid.NewGuid()}/os-virtual-interfacesv2")))
            .Status().ShouldBe(404);
    }
}
