using CloudNet.Tests.Identity;
using CloudNet.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CloudNet.Tests.Reliability;

/// <summary>The service on a clock the test moves.</summary>
public sealed class MovableClockFixture : AppFixture
{
    public sealed class MovableClock : TimeProvider
    {
        TimeSpan offset;

        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;

        public void Advance(TimeSpan by) => offset += by;
    }

    public MovableClock Clock { get; } = new();

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.RemoveAll<TimeProvider>();
        services.AddSingleton<TimeProvider>(Clock);
    }
}

/// <summary>
/// Huawei AK/SK: a request signed more than 15 minutes away from the server's clock, either way, is 401; and a captured
/// request sent again is 401 once its signed date has left that window. Within the window the same signed request is
/// honoured again: the SDK's algorithm has no nonce, and the 15-minute window is the bound SPEC puts on replay.
/// </summary>
public class when_signed_requests_are_replayed(MovableClockFixture app) : IClassFixture<MovableClockFixture>
{
    static readonly string Project = TestAccount.Demo.TenantId;

    /// <summary>A GET on each family's route, signed as the SDK signs it at <paramref name="signedAt"/>.</summary>
    static IEnumerable<RawRequest> Signed(DateTimeOffset signedAt)
    {
        var date = HuaweiSdkSigner.DateOf(signedAt);
        foreach (var path in new[] { $"/v1/{Project}/privateips/{Guid.NewGuid()}", $"/v1/{Project}/vpcs", "/os-floating-ips", "/v2.0/networks" })
        {
            var headers = new Dictionary<string, string> { ["host"] = "localhost", ["x-sdk-date"] = date };
            var authorization = new HuaweiSdkSigner("DEMOAKIDEXAMPLE00001", "demo-secret-key").Sign("GET", path, [], headers, "");
            yield return new RawRequest("GET", path).WithHeader("X-Sdk-Date", date).WithHeader("Authorization", authorization);
        }
    }

    async Task<List<RawReply>> SendAll(IEnumerable<RawRequest> requests)
    {
        var replies = new List<RawReply>();
        foreach (var request in requests)
        {
            var reply = await app.Host.SendRawAsync(request);
            FamilyFormats.Violation(request, reply).ShouldBeNull(reply.ToString());
            replies.Add(reply);
        }
        return replies;
    }

    [Theory]
    [InlineData(-16)]
    [InlineData(16)]
    [InlineData(-60 * 24)]
    public async Task a_date_more_than_15_minutes_off_is_401_in_every_family(int minutes)
    {
        var replies = await SendAll(Signed(app.Clock.GetUtcNow().AddMinutes(minutes)));
        replies.ShouldAllBe(r => r.Status == 401);
        replies.ShouldAllBe(r => r.Body.Contains("15 minutes"));
    }

    [Fact]
    public async Task a_captured_request_replayed_after_the_window_is_401()
    {
        var captured = Signed(app.Clock.GetUtcNow()).ToList();
        (await SendAll(captured)).Select(r => r.Status).ShouldBe([404, 200, 200, 200]);

        // Replayed inside the window: the signature still holds (no nonce in the SDK's scheme).
        app.Clock.Advance(TimeSpan.FromMinutes(14));
        (await SendAll(captured)).Select(r => r.Status).ShouldBe([404, 200, 200, 200]);

        // Replayed once the signed date is more than 15 minutes old: refused, every time after.
        app.Clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(2));
        (await SendAll(captured)).ShouldAllBe(r => r.Status == 401);
        app.Clock.Advance(TimeSpan.FromDays(1));
        (await SendAll(captured)).ShouldAllBe(r => r.Status == 401);
    }
}
