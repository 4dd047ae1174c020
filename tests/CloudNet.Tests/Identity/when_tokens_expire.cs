using CloudNet.Identity.Accounts;
using CloudNet.Identity.Tokens;
using CloudNet.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CloudNet.Tests.Identity;

/// <summary>
/// <see cref="TokenService"/> on a clock the test moves, so expiry is checked without waiting: both the
/// in-process cache and the stored token (a second service, as after a restart) stop at <c>ExpiresAt</c>.
/// </summary>
public class when_tokens_expire(AppFixture app) : IClassFixture<AppFixture>
{
    static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);

    // A start with a fraction of a second: issue time is cut to whole seconds, and expiry counts from there.
    readonly ManualClock clock = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, 250, TimeSpan.Zero));

    TokenService Service() => new(
        app.Host.Services.GetRequiredService<IDocumentStore>(),
        app.Host.Services.GetRequiredService<AccountDirectory>(),
        Options.Create(new TokenOptions { Lifetime = Lifetime }),
        clock);

    Account Demo => app.Host.Services.GetRequiredService<AccountDirectory>().ByUser("demo")!;

    [Fact]
    public async Task the_record_expires_one_lifetime_after_the_whole_second_it_was_issued()
    {
        var (token, record) = await Service().IssueAsync(Demo, default);
        record.IssuedAt.ShouldBe(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        record.ExpiresAt.ShouldBe(record.IssuedAt + Lifetime);
        record.Id.ShouldNotBe(token);
        record.UserName.ShouldBe("demo");
        record.TenantId.ShouldBe(TestAccount.Demo.TenantId);
    }

    [Fact]
    public async Task a_cached_token_works_until_its_last_second_and_not_at_expiry()
    {
        var service = Service();
        var (token, _) = await service.IssueAsync(Demo, default);

        var caller = await service.ResolveAsync(token, default);
        caller.ShouldNotBeNull().TenantId.ShouldBe(TestAccount.Demo.TenantId);
        caller.UserName.ShouldBe("demo");

        clock.Advance(Lifetime - TimeSpan.FromSeconds(1));
        (await service.ResolveAsync(token, default)).ShouldNotBeNull();

        clock.Advance(TimeSpan.FromSeconds(1));
        (await service.ResolveAsync(token, default)).ShouldBeNull();
        // And it stays refused: an expired token never comes back.
        (await service.ResolveAsync(token, default)).ShouldBeNull();
    }

    [Fact]
    public async Task a_stored_token_read_by_another_instance_expires_as_well()
    {
        var (token, _) = await Service().IssueAsync(Demo, default);

        clock.Advance(Lifetime - TimeSpan.FromSeconds(1));
        (await Service().ResolveAsync(token, default)).ShouldNotBeNull().UserName.ShouldBe("demo");

        clock.Advance(TimeSpan.FromSeconds(1));
        (await Service().ResolveAsync(token, default)).ShouldBeNull();
    }

    [Fact]
    public async Task an_unknown_token_resolves_to_no_caller()
    {
        (await Service().ResolveAsync("0123456789abcdef0123456789abcdef", default)).ShouldBeNull();
        (await Service().ResolveAsync("", default)).ShouldBeNull();
    }
}
