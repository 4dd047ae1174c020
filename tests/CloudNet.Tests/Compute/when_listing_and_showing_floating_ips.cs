using System.Text.Json.Nodes;
using CloudNet.Tests.Support;

namespace CloudNet.Tests.Compute;

/// <remarks>In this class only <see cref="a_tenant_without_floating_ips_gets_an_empty_list"/> acts as <c>other</c>,
/// so that tenant stays fresh here.</remarks>
public class when_listing_and_showing_floating_ips(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task a_tenant_without_floating_ips_gets_an_empty_list()
    {
        var result = await app.Host.As(TestAccount.Other, x => x.Get.Url("/os-floating-ips"));

        result.Status().ShouldBe(200);
        result.Context.Response.ContentType.ShouldNotBeNull().ShouldStartWith("application/json");
        (await result.ReadAsTextAsync()).ShouldBe("""{"floating_ips":[]}""");
    }

    [Fact]
    public async Task the_list_holds_every_allocated_ip_in_the_same_shape_as_allocate()
    {
        var first = await app.Host.AllocateFloatingIp(TestAccount.Demo);
        var second = await app.Host.AllocateFloatingIp(TestAccount.Demo);

        var list = await app.Host.ListFloatingIps(TestAccount.Demo);

        var byId = list.ToDictionary(ip => ip!["id"].Str());
        byId[first["id"].Str()]!.ToJsonString().ShouldBe(first.ToJsonString());
        byId[second["id"].Str()]!.ToJsonString().ShouldBe(second.ToJsonString());
        list.Select(ip => ip!["ip"].Str()).ShouldBeUnique();
    }

    [Fact]
    public async Task show_by_id_and_show_by_address_give_the_same_ip()
    {
        var allocated = await app.Host.AllocateFloatingIp(TestAccount.Demo);

        var byId = await app.Host.ShowFloatingIp(TestAccount.Demo, allocated["id"].Str());
        var byAddress = await app.Host.ShowFloatingIp(TestAccount.Demo, allocated["ip"].Str());

        byId.Status().ShouldBe(200);
        byAddress.Status().ShouldBe(200);
        var shown = (await byId.Json())["floating_ip"]!;
        shown.ToJsonString().ShouldBe(allocated.ToJsonString());
        (await byAddress.Json())["floating_ip"]!.ToJsonString().ShouldBe(shown.ToJsonString());
        shown["instance_id"].ShouldBeNull();
        shown["fixed_ip"].ShouldBeNull();
    }

    [Fact]
    public async Task show_works_under_the_tenant_prefix_with_prefixed_links()
    {
        var allocated = await app.Host.AllocateFloatingIp(TestAccount.Demo);
        const string prefix = "/v2/7a3c5e0f9b2d4c6e8f1a3b5c7d9e0f12";

        var result = await app.Host.As(TestAccount.Demo, x => x.Get.Url($"{prefix}/os-floating-ips/{allocated["id"].Str()}"));

        result.Status().ShouldBe(200);
        var shown = (await result.Json())["floating_ip"]!;
        shown["ip"].Str().ShouldBe(allocated["ip"].Str());
        shown["links"]![0]!["href"].Str().ShouldBe($"http://localhost{prefix}/os-floating-ips/{allocated["ip"].Str()}/");
    }

    [Fact]
    public async Task the_self_link_with_its_trailing_slash_leads_to_the_ip()
    {
        var allocated = await app.Host.AllocateFloatingIp(TestAccount.Demo);
        var self = new Uri(allocated["links"]![0]!["href"].Str());
        self.AbsolutePath.ShouldEndWith("/");

        var result = await app.Host.As(TestAccount.Demo, x => x.Get.Url(self.AbsolutePath));

        result.Status().ShouldBe(200);
        (await result.Json())["floating_ip"]!["id"].Str().ShouldBe(allocated["id"].Str());
    }

    [Fact]
    public async Task a_missing_id_is_404_item_not_found()
    {
        var missing = Guid.NewGuid().ToString();

        var result = await app.Host.ShowFloatingIp(TestAccount.Demo, missing);

        (await result.ShouldBeNovaFault(404, "itemNotFound")).ShouldContain(missing);
    }

    [Fact]
    public async Task an_address_that_is_not_allocated_is_404_item_not_found()
    {
        var result = await app.Host.ShowFloatingIp(TestAccount.Demo, "203.0.113.254");

        await result.ShouldBeNovaFault(404, "itemNotFound");
    }

    [Fact]
    public async Task the_pool_list_names_the_default_pool()
    {
        var result = await app.Host.As(TestAccount.Demo, x => x.Get.Url("/os-floating-ip-pools"));

        result.Status().ShouldBe(200);
        (await result.Json())["floating_ip_pools"]!.AsArray().Select(p => p!["name"].Str()).ShouldBe(["default"]);
    }
}
