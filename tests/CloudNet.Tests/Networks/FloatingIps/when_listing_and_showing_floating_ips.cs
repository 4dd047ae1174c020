using CloudNet.Tests.Support;
using static CloudNet.Tests.Networks.FloatingIps.FloatingIpScenarios;

namespace CloudNet.Tests.Networks.FloatingIps;

/// <summary><c>GET /v2.0/floatingips</c> with Neutron's filters and paging, and <c>GET /v2.0/floatingips/{id}</c>.
/// One database for the class: each test makes its own IPs and filters on what it made.</summary>
public class when_listing_and_showing_floating_ips(Compute.RoomyQuota app) : IClassFixture<Compute.RoomyQuota>
{
    static readonly TestAccount Demo = TestAccount.Demo;

    [Fact]
    public async Task the_list_holds_the_callers_floating_ips_from_both_apis_and_never_another_tenants()
    {
        var neutron = (await app.Host.CreateFloatingIp(Demo))["id"].Str();
        var nova = (await app.Host.AllocateFloatingIp(Demo))["id"].Str();
        var theirs = (await app.Host.CreateFloatingIp(TestAccount.Other))["id"].Str();

        var list = await app.Host.ListNeutronFloatingIps(Demo);

        list.Ids().ShouldContain(neutron);
        list.Ids().ShouldContain(nova);
        list.Ids().ShouldNotContain(theirs);
        list.Ids().ShouldBe(list.Ids().OrderBy(Guid.Parse).Select(g => g.ToString()).ToList(), "ordered by id, the paging key");
        foreach (var ip in list) ip!.Keys().Order().ShouldBe(Fields);
        var fromNova = list.Single(i => i!["id"].Str() == nova)!;
        (fromNova["floating_network_id"].Str(), fromNova["description"].Str(), fromNova["status"].Str()).ShouldBe((DefaultNetwork, "", "DOWN"));
        fromNova["revision_number"]!.GetValue<long>().ShouldBe(1);

        (await app.Host.ListNeutronFloatingIps(Demo, $"?id={theirs}")).Count.ShouldBe(0);
        (await app.Host.ListNeutronFloatingIps(Demo, $"?tenant_id={TestAccount.Other.TenantId}")).Count.ShouldBe(0);
        (await app.Host.ListNeutronFloatingIps(Demo, $"?project_id={Demo.TenantId}&id={neutron}")).Ids().ShouldBe([neutron]);
    }

    [Fact]
    public async Task every_filter_narrows_the_list()
    {
        var (serverId, portId, fixedIp) = await app.Host.ServerWithPort(Demo, "filtered");
        var attached = await app.Host.CreateFloatingIp(Demo, new { floating_network_id = DefaultNetwork, port_id = portId, description = "filter-attached" });
        var loose = await app.Host.CreateFloatingIp(Demo, new { floating_network_id = DefaultNetwork, description = "filter-loose" });
        var (a, l) = (attached["id"].Str(), loose["id"].Str());

        (await app.Host.ListNeutronFloatingIps(Demo, $"?port_id={portId}")).Ids().ShouldBe([a]);
        (await app.Host.ListNeutronFloatingIps(Demo, $"?fixed_ip_address={fixedIp}")).Ids().ShouldBe([a]);
        (await app.Host.ListNeutronFloatingIps(Demo, $"?floating_ip_address={loose["floating_ip_address"].Str()}")).Ids().ShouldBe([l]);
        (await app.Host.ListNeutronFloatingIps(Demo, "?description=filter-loose")).Ids().ShouldBe([l]);
        (await app.Host.ListNeutronFloatingIps(Demo, "?description=filter-loose&description=filter-attached")).Ids().Order().ShouldBe(new[] { a, l }.Order());
        (await app.Host.ListNeutronFloatingIps(Demo, $"?id={a}&id={l}")).Ids().Order().ShouldBe(new[] { a, l }.Order());
        (await app.Host.ListNeutronFloatingIps(Demo, "?status=ACTIVE")).ShouldAllBe(i => i!["status"].Str() == "ACTIVE");
        (await app.Host.ListNeutronFloatingIps(Demo, "?status=ACTIVE")).Ids().ShouldContain(a);
        (await app.Host.ListNeutronFloatingIps(Demo, "?status=DOWN")).Ids().ShouldContain(l);
        (await app.Host.ListNeutronFloatingIps(Demo, "?status=DOWN")).Ids().ShouldNotContain(a);
        (await app.Host.ListNeutronFloatingIps(Demo, $"?floating_network_id={DefaultNetwork}&id={a}")).Ids().ShouldBe([a]);
        (await app.Host.ListNeutronFloatingIps(Demo, $"?floating_network_id={Scenarios.PublicNet}")).Count.ShouldBe(0);
        (await app.Host.ListNeutronFloatingIps(Demo, $"?router_id={Guid.NewGuid()}")).Count.ShouldBe(0, "no floating IP has a router");
        (await app.Host.ListNeutronFloatingIps(Demo, $"?port_id={Guid.NewGuid()}")).Count.ShouldBe(0);
        serverId.ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task fields_selects_the_attributes_of_list_and_show()
    {
        var id = (await app.Host.CreateFloatingIp(Demo))["id"].Str();

        var listed = await app.Host.ListNeutronFloatingIps(Demo, $"?id={id}&fields=id&fields=floating_ip_address");
        listed.Single()!.Keys().Order().ShouldBe(["floating_ip_address", "id"]);
        var shown = await app.Host.As(Demo, x => x.Get.Url($"/v2.0/floatingips/{id}?fields=status"));
        (await shown.Json())["floatingip"]!.Keys().ShouldBe(["status"]);
    }

    [Fact]
    public async Task limit_and_marker_page_the_list_with_next_and_previous_links()
    {
        var description = $"paged-{Guid.NewGuid():N}";
        var ids = new List<string>();
        for (var i = 0; i < 5; i++) ids.Add((await app.Host.CreateFloatingIp(Demo, new { floating_network_id = DefaultNetwork, description }))["id"].Str());
        ids = ids.OrderBy(Guid.Parse).ToList();

        var first = await app.Host.As(Demo, x => x.Get.Url($"/v2.0/floatingips?description={description}&limit=2"));
        var firstBody = await first.Json();
        firstBody["floatingips"]!.AsArray().Ids().ShouldBe(ids[..2]);
        var links = firstBody["floatingips_links"]!.AsArray();
        links.Select(l => l!["rel"].Str()).ShouldBe(["next"]);
        var next = links[0]!["href"].Str();
        next.ShouldContain($"marker={ids[1]}");
        next.ShouldContain("limit=2");
        next.ShouldStartWith("http://localhost/v2.0/floatingips?");

        var second = await app.Host.As(Demo, x => x.Get.Url(new Uri(next).PathAndQuery));
        var secondBody = await second.Json();
        secondBody["floatingips"]!.AsArray().Ids().ShouldBe(ids[2..4]);
        secondBody["floatingips_links"]!.AsArray().Select(l => l!["rel"].Str()).Order().ShouldBe(["next", "previous"]);

        var last = await app.Host.ListNeutronFloatingIps(Demo, $"?description={description}&limit=2&marker={ids[3]}");
        last.Ids().ShouldBe([ids[4]]);
        (await app.Host.ListNeutronFloatingIps(Demo, $"?description={description}&limit=2&marker={ids[4]}")).Count.ShouldBe(0);
        (await app.Host.ListNeutronFloatingIps(Demo, $"?description={description}")).Ids().ShouldBe(ids);

        await (await app.Host.As(Demo, x => x.Get.Url("/v2.0/floatingips?limit=zero"))).ShouldBeNeutronError(400, "BadRequest");
        await (await app.Host.As(Demo, x => x.Get.Url("/v2.0/floatingips?marker=nope"))).ShouldBeNeutronError(400, "BadRequest");
    }

    [Fact]
    public async Task show_answers_404_FloatingIPNotFound_for_unknown_malformed_released_and_other_tenants_ids()
    {
        var theirs = (await app.Host.CreateFloatingIp(TestAccount.Other))["id"].Str();
        var released = (await app.Host.CreateFloatingIp(Demo))["id"].Str();
        (await app.Host.DeleteNeutronFloatingIp(Demo, released)).Status().ShouldBe(204);
        var address = (await app.Host.CreateFloatingIp(Demo))["floating_ip_address"].Str();

        foreach (var id in new[] { Guid.NewGuid().ToString(), "not-an-id", theirs, released, address })
        {
            var message = await (await app.Host.GetFloatingIp(Demo, id)).ShouldBeNeutronError(404, "FloatingIPNotFound");
            message.ShouldBe($"Floating IP {id} could not be found");
        }
    }
}
