using System.Text.RegularExpressions;
using Alba;
using CloudNet.Tests.Identity;
using CloudNet.Tests.Support;

namespace CloudNet.Tests.Hosting;

/// <summary>Every response names its request: <c>X-Compute-Request-Id</c> and <c>X-Openstack-Request-Id</c>
/// (one value) on compute routes, <c>X-Openstack-Request-Id</c> on identity routes, errors included.</summary>
public partial class when_tagging_requests_with_ids(AppFixture app) : IClassFixture<AppFixture>
{
    const string DemoTenant = "7a3c5e0f9b2d4c6e8f1a3b5c7d9e0f12";

    [GeneratedRegex("^req-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")]
    private static partial Regex RequestId();

    static string ShouldBeComputeIds(IScenarioResult result)
    {
        var compute = result.Header("X-Compute-Request-Id").ShouldNotBeNull("X-Compute-Request-Id");
        var openstack = result.Header("X-Openstack-Request-Id").ShouldNotBeNull("X-Openstack-Request-Id");
        openstack.ShouldBe(compute);
        RequestId().IsMatch(compute).ShouldBeTrue(compute);
        return compute;
    }

    static string ShouldBeIdentityId(IScenarioResult result)
    {
        var id = result.Header("X-Openstack-Request-Id").ShouldNotBeNull("X-Openstack-Request-Id");
        RequestId().IsMatch(id).ShouldBeTrue(id);
        return id;
    }

    Task<IScenarioResult> Send(Action<Scenario> configure, string? token = null) => app.Host.Scenario(x =>
    {
        x.IgnoreStatusCode();
        if (token is not null) x.WithRequestHeader("X-Auth-Token", token);
        configure(x);
    });

    public static TheoryData<string, string, int> ComputeRequests => new()
    {
        // label, path, expected status (with a token unless the path is public)
        { "list floating ips", "/os-floating-ips", 200 },
        { "under the catalog prefix", $"/v2/{DemoTenant}/os-floating-ips", 200 },
        { "version document", "/v2", 200 },
        { "version list", "/", 200 },
        { "unknown floating ip", $"/os-floating-ips/{Guid.Empty}", 404 },
        { "unknown route", "/no-such-collection", 404 },
    };

    [Theory]
    [MemberData(nameof(ComputeRequests))]
    public async Task compute_responses_carry_both_headers_with_one_value(string label, string path, int status)
    {
        var token = await app.Host.TokenFor(TestAccount.Demo);
        var result = await Send(x => x.Get.Url(path), token);
        result.Status().ShouldBe(status, label);
        ShouldBeComputeIds(result);
    }

    [Fact]
    public async Task compute_errors_before_authentication_carry_the_ids()
    {
        ShouldBeComputeIds(await Send(x => x.Get.Url("/servers")));                       // no credentials
        ShouldBeComputeIds(await Send(x => x.Get.Url("/servers"), token: "garbage"));     // unknown token
        var basic = await Send(x =>
        {
            x.Get.Url("/os-floating-ips");
            x.WithRequestHeader("Authorization", "Basic " + Convert.ToBase64String("demo:wrong"u8.ToArray()));
        });
        basic.Status().ShouldBe(401);
        ShouldBeComputeIds(basic);
    }

    [Fact]
    public async Task compute_errors_from_handlers_and_the_framework_carry_the_ids()
    {
        var token = await app.Host.TokenFor(TestAccount.Demo);
        var malformed = await Send(x => x.Post.RawJson("{\"pool\":").ToUrl("/os-floating-ips"), token);
        malformed.Status().ShouldBe(400);
        ShouldBeComputeIds(malformed);

        var wrongMethod = await Send(x => x.Delete.Url("/os-floating-ip-pools"), token);
        wrongMethod.Status().ShouldBe(405);
        ShouldBeComputeIds(wrongMethod);

        var media = await Send(x => x.Post.Text("pool=default").ToUrl("/os-floating-ips"), token);
        media.Status().ShouldBe(415);
        ShouldBeComputeIds(media);
    }

    [Fact]
    public async Task a_successful_write_carries_the_ids()
    {
        var token = await app.Host.TokenFor(TestAccount.Demo);
        var result = await Send(x => x.Post.Url("/os-floating-ips"), token);
        result.Status().ShouldBe(202);
        ShouldBeComputeIds(result);
    }

    [Fact]
    public async Task identity_responses_carry_the_openstack_request_id()
    {
        ShouldBeIdentityId(await app.Host.PostJson("/v2.0/tokens", IdentityRequests.V2Password("demo", "demo-password")));
        ShouldBeIdentityId(await app.Host.PostJson("/v2.0/tokens", IdentityRequests.V2Password("demo", "wrong")));
        ShouldBeIdentityId(await app.Host.PostJson("/v2.0/tokens", "{"));
        ShouldBeIdentityId(await app.Host.PostJson("/v3/auth/tokens", IdentityRequests.V3Pkgcloud("demo", "demo-password", DemoTenant)));
        ShouldBeIdentityId(await app.Host.PostJson("/v3/auth/tokens", IdentityRequests.V3Pkgcloud("demo", "wrong", DemoTenant)));
        ShouldBeIdentityId(await Send(x => x.Get.Url("/v3")));
    }

    [Fact]
    public async Task ids_differ_between_requests()
    {
        var token = await app.Host.TokenFor(TestAccount.Demo);
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(ShouldBeComputeIds(await Send(x => x.Get.Url("/os-floating-ips"), token)));
            ids.Add(ShouldBeComputeIds(await Send(x => x.Get.Url("/servers"))));
            ids.Add(ShouldBeIdentityId(await app.Host.PostJson("/v2.0/tokens", IdentityRequests.V2Password("demo", "demo-password"))));
        }
        ids.ShouldBeUnique();
    }

    [Fact]
    public async Task a_client_supplied_request_id_is_not_echoed_as_ours()
    {
        var token = await app.Host.TokenFor(TestAccount.Demo);
        var result = await Send(x =>
        {
            x.Get.Url("/os-floating-ips");
            x.WithRequestHeader("X-Openstack-Request-Id", "req-forged");
            x.WithRequestHeader("X-Correlation-ID", "req-forged");
        }, token);
        ShouldBeComputeIds(result).ShouldNotBe("req-forged");
    }
}
