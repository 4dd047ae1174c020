using System.Security.Cryptography;
using System.Text;
using Alba;
using CloudNet.Identity.Tokens;
using CloudNet.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace CloudNet.Tests.Reliability;

/// <summary>
/// The service with a one-second token cache, on a clock the test moves (every instance of the fixture shares it), so
/// that revocation on another instance shows once the clock passes the recheck interval, with nothing waiting.
/// </summary>
public sealed class QuickRecheckFixture : AppFixture
{
    public static readonly TimeSpan RecheckAfter = TimeSpan.FromSeconds(1);

    public ManualClock Clock { get; } = new(new DateTimeOffset(2030, 1, 1, 0, 0, 10, TimeSpan.Zero));

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Tokens:RecheckAfter"] = RecheckAfter.ToString() };

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(Clock);
}

/// <summary>
/// Keystone's token revocation, <c>DELETE /v3/auth/tokens</c> (X-Auth-Token: who asks; X-Subject-Token: which token):
/// a revoked token is 401 on every family from then on, on this instance at once and on another within the cache's
/// recheck interval. A user revokes their own tokens only.
/// </summary>
public class when_tokens_are_revoked(QuickRecheckFixture app) : IClassFixture<QuickRecheckFixture>
{
    static readonly string Project = TestAccount.Demo.TenantId;

    static async Task<string> IssueV3(IAlbaHost host, TestAccount account)
    {
        var issued = await host.SendRawAsync(new RawRequest("POST", "/v3/auth/tokens").WithJson(
            """{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"USER","password":"PASSWORD","domain":{"name":"Default"}}}}}}"""
                .Replace("USER", account.User).Replace("PASSWORD", account.Password)));
        issued.Status.ShouldBe(201, issued.ToString());
        return issued.Headers["X-Subject-Token"].ToString();
    }

    static Task<RawReply> Revoke(IAlbaHost host, string? authToken, string? subjectToken)
    {
        var request = new RawRequest("DELETE", "/v3/auth/tokens");
        if (authToken is not null) request = request.WithHeader("X-Auth-Token", authToken);
        if (subjectToken is not null) request = request.WithHeader("X-Subject-Token", subjectToken);
        return host.SendRawAsync(request);
    }

    /// <summary>One read per family, with the token.</summary>
    static readonly string[] Reads = ["/os-floating-ips", $"/v2/{Project}/servers", "/v2.0/networks", $"/v1/{Project}/vpcs", $"/history/addresses/10.0.0.1"];

    static async Task<IReadOnlyList<RawReply>> ReadEverywhere(IAlbaHost host, string token)
    {
        var replies = new List<RawReply>();
        foreach (var read in Reads)
        {
            var request = new RawRequest("GET", read).WithHeader("X-Auth-Token", token);
            var reply = await host.SendRawAsync(request);
            FamilyFormats.Violation(request, reply).ShouldBeNull(reply.ToString());
            replies.Add(reply);
        }
        return replies;
    }

    [Fact]
    public async Task a_user_revokes_the_token_in_use_and_it_is_401_in_every_family()
    {
        var token = await IssueV3(app.Host, TestAccount.Demo);
        (await ReadEverywhere(app.Host, token)).ShouldAllBe(r => r.Status == 200);

        var revoked = await Revoke(app.Host, token, token);
        revoked.Status.ShouldBe(204, revoked.ToString());
        revoked.Body.ShouldBeEmpty();

        (await ReadEverywhere(app.Host, token)).ShouldAllBe(r => r.Status == 401);
        // And it cannot be used to revoke anything either.
        (await Revoke(app.Host, token, token)).Status.ShouldBe(401);
    }

    [Fact]
    public async Task a_token_revoked_with_another_of_the_same_user_stops_and_the_other_goes_on()
    {
        var first = await IssueV3(app.Host, TestAccount.Demo);
        var second = await IssueV3(app.Host, TestAccount.Demo);

        (await Revoke(app.Host, second, first)).Status.ShouldBe(204);

        (await ReadEverywhere(app.Host, first)).ShouldAllBe(r => r.Status == 401);
        (await ReadEverywhere(app.Host, second)).ShouldAllBe(r => r.Status == 200);
        // Revoked once is revoked: a second revocation finds no token.
        var again = await Revoke(app.Host, second, first);
        again.Status.ShouldBe(404, again.ToString());
        again.Json["error"]!["message"]!.GetValue<string>().ShouldBe("Could not find token.");
    }

    [Fact]
    public async Task another_users_token_cannot_be_revoked_and_is_not_found()
    {
        var demo = await IssueV3(app.Host, TestAccount.Demo);
        var other = await IssueV3(app.Host, TestAccount.Other);

        var refused = await Revoke(app.Host, other, demo);
        refused.Status.ShouldBe(404, refused.ToString());
        FamilyFormats.Violation(new RawRequest("DELETE", "/v3/auth/tokens"), refused).ShouldBeNull();

        (await ReadEverywhere(app.Host, demo)).ShouldAllBe(r => r.Status == 200);
    }

    [Theory]
    [InlineData(null, "x", 401)]
    [InlineData("0123456789abcdef0123456789abcdef", "x", 401)]
    [InlineData("VALID", null, 400)]
    [InlineData("VALID", "0123456789abcdef0123456789abcdef", 404)]
    public async Task without_a_valid_caller_or_subject_it_is_a_keystone_error(string? auth, string? subject, int status)
    {
        var token = await IssueV3(app.Host, TestAccount.Demo);
        var reply = await Revoke(app.Host, auth == "VALID" ? token : auth, subject);
        reply.Status.ShouldBe(status, reply.ToString());
        FamilyFormats.Violation(new RawRequest("DELETE", "/v3/auth/tokens"), reply).ShouldBeNull(reply.ToString());
        reply.Json["error"]!["code"]!.GetValue<int>().ShouldBe(status);
    }

    [Fact]
    public async Task the_stored_token_is_marked_revoked_under_its_hash()
    {
        var token = await IssueV3(app.Host, TestAccount.Demo);
        (await Revoke(app.Host, token, token)).Status.ShouldBe(204);

        await using var session = app.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        (await session.LoadAsync<IssuedToken>(token)).ShouldBeNull();
        var stored = (await session.LoadAsync<IssuedToken>(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token))))).ShouldNotBeNull();
        stored.RevokedAt.ShouldNotBeNull();
        stored.IsValidAt(DateTimeOffset.UtcNow).ShouldBeFalse();
    }

    [Fact]
    public async Task another_instance_stops_accepting_a_revoked_token_within_the_recheck_interval()
    {
        var token = await IssueV3(app.Host, TestAccount.Demo);
        var other = await app.StartAnotherHostAsync();
        try
        {
            // The other instance has the token in its cache.
            (await ReadEverywhere(other, token)).ShouldAllBe(r => r.Status == 200);

            (await Revoke(app.Host, token, token)).Status.ShouldBe(204);
            (await ReadEverywhere(app.Host, token)).ShouldAllBe(r => r.Status == 401);

            // Within the interval the other instance still trusts its cache; past it, it looks again and refuses.
            app.Clock.Advance(QuickRecheckFixture.RecheckAfter / 2);
            (await ReadEverywhere(other, token)).ShouldAllBe(r => r.Status == 200);
            app.Clock.Advance(QuickRecheckFixture.RecheckAfter);
            (await ReadEverywhere(other, token)).ShouldAllBe(r => r.Status == 401);
        }
        finally
        {
            await other.StopAsync();
            await other.DisposeAsync();
        }
    }
}
