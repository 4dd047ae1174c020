using System.Text.Json.Nodes;
using CloudNet.Tests.Networks.FloatingIps;
using CloudNet.Tests.Networks.Ports;
using CloudNet.Tests.Support;

namespace CloudNet.Tests.Networks;

/// <summary>Neutron's tags on every resource that has them, and lists as Neutron gives them on every <c>/v2.0</c> collection:
/// filters on any attribute, tag filters, sorting, paging with links, fields.</summary>
public class when_tagging_and_listing(AppFixture app) : IClassFixture<AppFixture>
{
    static readonly TestAccount Demo = TestAccount.Demo;

    async Task<JsonNode> Tags(string url) => await (await app.Host.As(Demo, x => x.Get.Url(url))).Json();

    [Fact]
    public async Task each_tag_route_works_on_networks_subnets_ports_and_floating_ips()
    {
        var (networkId, subnetId) = await app.Host.CreateNetworkWithSubnet(Demo, "tagged", "192.168.120.0/24");
        var portId = (await app.Host.CreatePort(Demo, new { network_id = networkId }))["id"].Str();
        var floatingId = (await app.Host.CreateFloatingIp(Demo))["id"].Str();

        foreach (var (collection, id) in new[] { ("networks", networkId), ("subnets", subnetId), ("ports", portId), ("floatingips", floatingId) })
        {
            var url = $"/v2.0/{collection}/{id}/tags";
            var put = await app.Host.As(Demo, x => x.Put.Json(new { tags = new[] { "red", "blue" } }).ToUrl(url));
            put.Status().ShouldBe(200, await put.ReadAsTextAsync());
            (await put.Json())["tags"]!.AsArray().Select(t => t.Str()).ShouldBe(["red", "blue"]);

            (await app.Host.As(Demo, x => x.Put.Url($"{url}/green"))).Status().ShouldBe(201);
            (await app.Host.As(Demo, x => x.Get.Url($"{url}/green"))).Status().ShouldBe(204);
            await (await app.Host.As(Demo, x => x.Get.Url($"{url}/purple"))).ShouldBeNeutronError(404, "TagNotFound");
            (await app.Host.As(Demo, x => x.Delete.Url($"{url}/red"))).Status().ShouldBe(204);
            await (await app.Host.As(Demo, x => x.Delete.Url($"{url}/red"))).ShouldBeNeutronError(404, "TagNotFound");
            (await Tags(url))["tags"]!.AsArray().Select(t => t.Str()).ShouldBe(["blue", "green"], collection);

            var shown = await Tags($"/v2.0/{collection}/{id}");
            shown.AsObject().Single().Value!["tags"]!.AsArray().Select(t => t.Str()).ShouldBe(["blue", "green"], collection);

            (await app.Host.As(Demo, x => x.Delete.Url(url))).Status().ShouldBe(204);
            (await Tags(url))["tags"]!.AsArray().ShouldBeEmpty();
            await (await app.Host.As(TestAccount.Other, x => x.Get.Url(url))).ShouldBeNeutronError(404);
        }
    }

    [Fact]
    public async Task bad_tags_are_refused()
    {
        var id = (await app.Host.CreateNetwork(Demo, "bad-tags"))["id"].Str();
        await (await app.Host.As(Demo, x => x.Put.Json(new { tags = new[] { "a", "a" } }).ToUrl($"/v2.0/networks/{id}/tags"))).ShouldBeNeutronError(400);
        await (await app.Host.As(Demo, x => x.Put.Json(new { tags = new[] { new string('x', 256) } }).ToUrl($"/v2.0/networks/{id}/tags"))).ShouldBeNeutronError(400);
        await (await app.Host.As(Demo, x => x.Put.Json(new { tags = new[] { "a" } }).ToUrl($"/v2.0/routers/{id}/tags"))).ShouldBeNeutronError(404);
        await (await app.Host.As(Demo, x => x.Put.Json(new { tags = new[] { "a" } }).ToUrl($"/v2.0/networks/{Scenarios.PublicNet}/tags")))
            .ShouldBeNeutronError(403);
    }

    [Fact]
    public async Task the_tag_filters_select_as_neutrons_do()
    {
        var ids = new Dictionary<string, string>();
        foreach (var (name, tags) in new[] { ("t-ab", new[] { "a", "b" }), ("t-a", new[] { "a" }), ("t-c", new[] { "c" }) })
        {
            ids[name] = (await app.Host.CreateNetwork(Demo, name))["id"].Str();
            (await app.Host.As(Demo, x => x.Put.Json(new { tags }).ToUrl($"/v2.0/networks/{ids[name]}/tags"))).Status().ShouldBe(200);
        }
        async Task<List<string>> Named(string query) =>
            (await app.Host.ListNetworks(Demo, query)).Select(n => n!["name"].Str()).Where(n => n.StartsWith("t-")).Order().ToList();

        (await Named("?tags=a,b")).ShouldBe(["t-ab"]);
        (await Named("?tags-any=b,c")).ShouldBe(["t-ab", "t-c"]);
        (await Named("?not-tags=a,b")).ShouldBe(["t-a", "t-c"]);
        (await Named("?not-tags-any=a")).ShouldBe(["t-c"]);
    }

    [Fact]
    public async Task lists_filter_on_any_attribute_sort_page_with_links_and_select_fields()
    {
        var (networkId, _) = await app.Host.CreateNetworkWithSubnet(Demo, "listed", "192.168.121.0/24");
        var ports = new List<JsonNode>();
        foreach (var name in new[] { "c", "a", "b", "a" })
            ports.Add(await app.Host.CreatePort(Demo, new { network_id = networkId, name, admin_state_up = name != "b" }));

        (await app.Host.ListPorts(Demo, $"?network_id={networkId}&name=a")).Count.ShouldBe(2);
        (await app.Host.ListPorts(Demo, $"?network_id={networkId}&name=a&name=b")).Count.ShouldBe(3);
        (await app.Host.ListPorts(Demo, $"?network_id={networkId}&admin_state_up=False")).Select(p => p!["name"].Str()).ShouldBe(["b"]);
        (await app.Host.ListPorts(Demo, $"?network_id={networkId}&device_id=")).Count.ShouldBe(4, "empty-string filtering: unbound ports");
        (await app.Host.ListPorts(Demo, $"?fixed_ips=ip_address={ports[0].Addresses()[0]}")).Ids().ShouldBe([ports[0]["id"].Str()]);
        (await app.Host.ListPorts(Demo, $"?network_id={networkId}&no_such_attribute=1")).Count.ShouldBe(4, "unknown filters are ignored");

        var sorted = await app.Host.ListPorts(Demo, $"?network_id={networkId}&sort_key=name&sort_dir=desc&sort_key=id&sort_dir=asc");
        sorted.Select(p => p!["name"].Str()).ShouldBe(["c", "b", "a", "a"]);
        var aIds = ports.Where(p => p["name"].Str() == "a").Select(p => p["id"].Str()).Order(StringComparer.Ordinal).ToList();
        sorted.Ids().Skip(2).ShouldBe(aIds);

        var first = await (await app.Host.As(Demo, x => x.Get.Url($"/v2.0/ports?network_id={networkId}&sort_key=name&limit=3"))).Json();
        first["ports"]!.AsArray().Select(p => p!["name"].Str()).ShouldBe(["a", "a", "b"]);
        var next = first["ports_links"]!.AsArray().Single(l => l!["rel"].Str() == "next")!["href"].Str();
        next.ShouldContain("sort_key=name");
        var second = await (await app.Host.As(Demo, x => x.Get.Url(new Uri(next).PathAndQuery))).Json();
        second["ports"]!.AsArray().Select(p => p!["name"].Str()).ShouldBe(["c"]);
        second["ports_links"]!.AsArray().Select(l => l!["rel"].Str()).ShouldBe(["previous"]);

        var narrow = await app.Host.ListPorts(Demo, $"?network_id={networkId}&fields=id&fields=name");
        narrow.ShouldAllBe(p => p!.AsObject().Select(kv => kv.Key).OrderBy(k => k).SequenceEqual(new[] { "id", "name" }));
        var shown = await (await app.Host.As(Demo, x => x.Get.Url($"/v2.0/networks/{networkId}?fields=id&fields=mtu"))).Json();
        shown["network"]!.AsObject().Select(kv => kv.Key).Order().ShouldBe(["id", "mtu"]);

        await (await app.Host.As(Demo, x => x.Get.Url("/v2.0/ports?sort_dir=up&sort_key=name"))).ShouldBeNeutronError(400);
        await (await app.Host.As(Demo, x => x.Get.Url("/v2.0/subnets?sort_key=nope"))).ShouldBeNeutronError(400);
        await (await app.Host.As(Demo, x => x.Get.Url("/v2.0/networks?limit=-1"))).ShouldBeNeutronError(400);
    }

    [Fact]
    public async Task the_extensions_list_names_what_is_implemented()
    {
        var extensions = (await (await app.Host.As(Demo, x => x.Get.Url("/v2.0/extensions"))).Json())["extensions"]!.AsArray();
        var aliases = extensions.Select(e => e!["alias"].Str()).ToList();
        aliases.ShouldContain("standard-attr-tag");
        aliases.ShouldContain("quotas");
        aliases.ShouldContain("external-net");
        aliases.ShouldContain("router");
        aliases.ShouldContain("extraroute");
        aliases.ShouldContain("security-group");
        aliases.ShouldNotContain("l3-ha", "HA routers are refused");
        aliases.ShouldNotContain("filter-validation", "unknown filters are ignored, not refused");
        (await (await app.Host.As(Demo, x => x.Get.Url("/v2.0/extensions/quotas"))).Json())["extension"]!["alias"].Str().ShouldBe("quotas");
        await (await app.Host.As(Demo, x => x.Get.Url("/v2.0/extensions/dvr"))).ShouldBeNeutronError(404);
    }
}
