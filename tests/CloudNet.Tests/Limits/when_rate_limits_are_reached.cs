using CloudNet.Tests.Support;

namespace CloudNet.Tests.Limits;

/// <summary>
/// Limits on, <c>POST /os-floating-ips</c> 3 per minute: the fourth call in a minute is 413 <c>overLimit</c> in
/// nova's format with <c>Retry-After</c>, before the endpoint runs; other tenants and the next minute are unaffected.
/// </summary>
public class when_rate_limits_are_reached(LimitsOn app) : IClassFixture<LimitsOn>
{
    [Fact]
    public async Task the_fourth_allocation_in_a_minute_is_413_over_limit_and_allocates_nothing()
    {
        var start = app.Clock.StartFreshHour();
        for (var i = 0; i < 3; i++) await app.Host.AllocateFloatingIp(TestAccount.Demo);

        var refused = await app.Host.As(TestAccount.Demo, x => x.Post.Url("/os-floating-ips"));

        (await refused.ShouldBeNovaFault(413, "overLimit")).ShouldBe("This request was rate-limited.");
        refused.Header("Retry-After").ShouldBe("50");
        var fault = (await refused.Json())["overLimit"]!;
        fault["retryAfter"].Str().ShouldBe("50");
        fault["retryAt"].Str().ShouldBe(WholeMinuteAfter(start));
        fault["details"].Str().ShouldBe("Only 3 POST request(s) can be made to /os-floating-ips every minute.");
        refused.Header("X-Compute-Request-Id").ShouldNotBeNullOrEmpty();
        (await app.Host.ListFloatingIps(TestAccount.Demo)).Count.ShouldBe(3);
    }

    [Fact]
    public async Task another_tenant_is_unaffected_and_the_next_minute_starts_afresh()
    {
        app.Clock.StartFreshHour();
        for (var i = 0; i < 3; i++) await app.Host.AllocateFloatingIp(TestAccount.Demo);
        (await app.Host.As(TestAccount.Demo, x => x.Post.Url("/os-floating-ips"))).Status().ShouldBe(413);

        await app.Host.AllocateFloatingIp(TestAccount.Other);

        app.Clock.Advance(TimeSpan.FromSeconds(49));
        var stillRefused = await app.Host.As(TestAccount.Demo, x => x.Post.Url("/os-floating-ips"));
        stillRefused.Status().ShouldBe(413);
        stillRefused.Header("Retry-After").ShouldBe("1");

        app.Clock.Advance(TimeSpan.FromSeconds(1));
        await app.Host.AllocateFloatingIp(TestAccount.Demo);
    }

    [Fact]
    public async Task the_limit_holds_under_the_tenant_prefix_too()
    {
        app.Clock.StartFreshHour();
        var prefix = $"/v2/{TestAccount.Demo.TenantId}";
        await app.Host.AllocateFloatingIp(TestAccount.Demo);
        (await app.Host.As(TestAccount.Demo, x => x.Post.Url($"{prefix}/os-floating-ips"))).Status().ShouldBe(202);
        (await app.Host.As(TestAccount.Demo, x => x.Post.Url($"/v2.1/{TestAccount.Demo.TenantId}/os-floating-ips"))).Status().ShouldBe(202);

        var refused = await app.Host.As(TestAccount.Demo, x => x.Post.Url($"{prefix}/os-floating-ips"));

        await refused.ShouldBeNovaFault(413, "overLimit");
    }

    [Fact]
    public async Task only_compute_routes_are_limited()
    {
        app.Clock.StartFreshHour();
        // DELETE * is 2 per minute: the networks family's DELETEs (404 here) are not counted at all ...
        for (var i = 0; i < 4; i++)
            (await app.Host.As(TestAccount.Demo, x => x.Delete.Url($"/v2.0/networks/{Guid.NewGuid()}"))).Status().ShouldBe(404);

        // ... the compute family's are, whatever their answer.
        (await app.Host.ReleaseFloatingIp(TestAccount.Demo, Guid.NewGuid().ToString())).Status().ShouldBe(404);
        (await app.Host.ReleaseFloatingIp(TestAccount.Demo, Guid.NewGuid().ToString())).Status().ShouldBe(404);
        var refused = await app.Host.ReleaseFloatingIp(TestAccount.Demo, Guid.NewGuid().ToString());
        await refused.ShouldBeNovaFault(413, "overLimit");
        (await refused.Json())["overLimit"]!["details"].Str().ShouldBe("Only 2 DELETE request(s) can be made to * every minute.");
    }

    [Fact]
    public async Task a_request_without_credentials_is_401_and_not_counted()
    {
        app.Clock.StartFreshHour();
        for (var i = 0; i < 5; i++)
            (await app.Host.Scenario(x => { x.Post.Url("/os-floating-ips"); x.IgnoreStatusCode(); })).Status().ShouldBe(401);

        await app.Host.AllocateFloatingIp(TestAccount.Demo);
    }

    static string WholeMinuteAfter(DateTimeOffset start) =>
        new DateTimeOffset(start.Year, start.Month, start.Day, start.Hour, start.Minute, 0, TimeSpan.Zero).AddMinutes(1)
            .ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");
}
