using System.Text.Json.Nodes;
using Alba;
using CloudNet.Tests.Admin.Tenants;
using CloudNet.Tests.Support;

namespace CloudNet.Tests.Admin.Recordings;

/// <summary>A service whose recordings hold three requests at most.</summary>
public sealed class SmallRecordingsApp : AppFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Recording:MaxEntries"] = "3" };
}

/// <summary>
/// A recording ends as <c>full</c> at its bound (<c>Recording:MaxEntries</c>): it keeps the first requests, says so in its state,
/// its HAR's comment and the tenant's history, and a new recording starts afresh.
/// </summary>
public class when_a_recording_is_full(SmallRecordingsApp app) : IClassFixture<SmallRecordingsApp>
{
    [Fact]
    public async Task it_keeps_the_first_requests_and_says_it_is_full()
    {
        var tenant = await app.Host.NewTenant("full");
        (await Admin(x => x.Post.Url($"/_cloudnet/tenants/{tenant.TenantId}/recording"))).Status().ShouldBe(201);
        for (var i = 0; i < 5; i++) (await app.Host.As(tenant, x => x.Get.Url("/v2.0/networks"))).Status().ShouldBe(200);

        var shown = await Json(await Admin(x => x.Get.Url($"/_cloudnet/tenants/{tenant.TenantId}/recording")));
        shown["recording"]!["state"].Str().ShouldBe("full");
        shown["recording"]!["entries"]!.GetValue<int>().ShouldBe(3);
        var har = await Json(await Admin(x => x.Get.Url($"/_cloudnet/tenants/{tenant.TenantId}/recording.har")));
        har["log"]!["entries"]!.AsArray().Count.ShouldBe(3);
        har["log"]!["comment"].Str().ShouldContain("is full");
        (await Admin(x => x.Delete.Url($"/_cloudnet/tenants/{tenant.TenantId}/recording"))).Status().ShouldBe(409);

        // The tenant's stream tells of it (RecordingFilled), and the tenant list shows it.
        var listed = (await Json(await Admin(x => x.Get.Url("/_cloudnet/tenants"))))["tenants"]!.AsArray()
            .Single(t => t!["id"].Str() == tenant.TenantId)!;
        listed["recording"]!["state"].Str().ShouldBe("full");

        (await Admin(x => x.Post.Url($"/_cloudnet/tenants/{tenant.TenantId}/recording"))).Status().ShouldBe(201);
        var restarted = await Json(await Admin(x => x.Get.Url($"/_cloudnet/tenants/{tenant.TenantId}/recording")));
        restarted["recording"]!["state"].Str().ShouldBe("recording");
        restarted["recording"]!["entries"]!.GetValue<int>().ShouldBe(0);
    }

    Task<IScenarioResult> Admin(Action<Scenario> configure) => app.Host.Scenario(x =>
    {
        x.WithRequestHeader("Authorization", TestAccount.Admin.BasicHeader);
        x.IgnoreStatusCode();
        configure(x);
    });

    static async Task<JsonNode> Json(IScenarioResult result) => JsonNode.Parse(await result.ReadAsTextAsync())!;
}
