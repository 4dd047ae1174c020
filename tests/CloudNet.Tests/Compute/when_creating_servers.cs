using System.Net;
using Alba;
using System.Text.Json.Nodes;
using CloudNet.Tests.Support;

namespace CloudNet.Tests.Compute;

public class when_creating_servers(AppFixture app) : IClassFixture<AppFixture>
{
    static readonly IPNetwork PublicV4 = IPNetwork.Parse("198.51.100.0/24");
    static readonly IPNetwork PublicV6 = IPNetwork.Parse("2001:db8:100::/64");
    static readonly IPNetwork Private = IPNetwork.Parse("10.176.0.0/16");

    static object Body(string? name = "web", object? networks = null) =>
        new { server = new { name, imageRef = "img", flavorRef = "flv", networks } };

    Task<IScenarioResult> Create(object body, string prefix = "") =>
        app.Host.As(TestAccount.Demo, x => x.Post.Json(body).ToUrl($"{prefix}/servers"));

    [Fact]
    public async Task create_answers_202_with_the_id_links_and_an_admin_password()
    {
        var result = await Create(Body("created"));

        result.Status().ShouldBe(202);
        result.Context.Response.ContentType.ShouldNotBeNull().ShouldStartWith("application/json");
        var server = (await result.Json())["server"]!;
        var id = Guid.Parse(server["id"].Str());
        server["adminPass"].Str().ShouldNotBeNullOrWhiteSpace();
        var links = server["links"]!.AsArray();
        links.Single(l => l!["rel"].Str() == "self")!["href"].Str().ShouldBe($"http://localhost/servers/{id}");
        links.Single(l => l!["rel"].Str() == "bookmark")!["href"].Str().ShouldBe($"http://localhost/servers/{id}");
    }

    [Fact]
    public async Task a_new_server_is_active_with_public_v4_and_v6_and_private_addresses()
    {
        var server = await app.Host.CreateServer(TestAccount.Demo, "addressed");

        server["status"].Str().ShouldBe("ACTIVE");
        server["name"].Str().ShouldBe("addressed");
        server["tenant_id"].Str().ShouldBe(TestAccount.Demo.TenantId);
        var login = await app.Host.Scenario(x => x.Post
            .Json(new { auth = new { passwordCredentials = new { username = "demo", password = "demo-password" } } }).ToUrl("/v2.0/tokens"));
        server["user_id"].Str().ShouldBe((await login.Json())["access"]!["user"]!["id"].Str());
        server["addresses"]!.AsObject().Select(p => p.Key).Order().ShouldBe(["private", "public"]);
        foreach (var entry in server["addresses"]!.AsObject().SelectMany(p => p.Value!.AsArray()))
        {
            var keys = entry!.AsObject().Select(p => p.Key).ToList();
            keys.ShouldContain("version", entry.ToJsonString());
            keys.ShouldContain("addr", entry.ToJsonString());
            keys.ShouldContain("OS-EXT-IPS:type", entry.ToJsonString());
            entry["version"]!.GetValueKind().ShouldBe(System.Text.Json.JsonValueKind.Number);
        }

        var entries = server.AddressEntries();
        entries.ShouldAllBe(e => e.Type == "fixed");
        var publicV4 = entries.Single(e => e.Label == "public" && e.Version == 4);
        PublicV4.Contains(IPAddress.Parse(publicV4.Addr)).ShouldBeTrue(publicV4.Addr);
        var publicV6 = entries.Single(e => e.Label == "public" && e.Version == 6);
        PublicV6.Contains(IPAddress.Parse(publicV6.Addr)).ShouldBeTrue(publicV6.Addr);
        var privateV4 = entries.Single(e => e.Label == "private");
        privateV4.Version.ShouldBe(4);
        Private.Contains(IPAddress.Parse(privateV4.Addr)).ShouldBeTrue(privateV4.Addr);
    }

    [Fact]
    public async Task servers_are_listed_briefly_and_in_detail()
    {
        var server = await app.Host.CreateServer(TestAccount.Demo, "listed");
        var id = server["id"].Str();

        var list = await app.Host.As(TestAccount.Demo, x => x.Get.Url("/servers"));
        list.Status().ShouldBe(200);
        var brief = (await list.Json())["servers"]!.AsArray().Single(s => s!["id"].Str() == id)!.AsObject();
        brief.Select(p => p.Key).Order().ShouldBe(["id", "links", "name"]);
        brief["name"].Str().ShouldBe("listed");

        var detail = await app.Host.As(TestAccount.Demo, x => x.Get.Url("/servers/detail"));
        detail.Status().ShouldBe(200);
        var full = (await detail.Json())["servers"]!.AsArray().Single(s => s!["id"].Str() == id)!;
        full["status"].Str().ShouldBe("ACTIVE");
        full["addresses"]!.ToJsonString().ShouldBe(server["addresses"]!.ToJsonString());
    }

    [Fact]
    public async Task the_list_can_be_filtered_by_name()
    {
        var server = await app.Host.CreateServer(TestAccount.Demo, "unique-name-7b1");
        await app.Host.CreateServer(TestAccount.Demo, "another-name");

        var result = await app.Host.As(TestAccount.Demo, x => x.Get.Url("/servers?name=unique-name-7b1"));
        var ids = (await result.Json())["servers"]!.AsArray().Select(s => s!["id"].Str());
        ids.ShouldBe([server["id"].Str()]);
    }

    [Fact]
    public async Task deleting_a_server_is_204_and_then_show_is_404()
    {
        var id = (await app.Host.CreateServer(TestAccount.Demo, "doomed"))["id"].Str();

        var delete = await app.Host.As(TestAccount.Demo, x => x.Delete.Url($"/servers/{id}"));
        delete.Status().ShouldBe(204);

        var show = await app.Host.As(TestAccount.Demo, x => x.Get.Url($"/servers/{id}"));
        await show.ShouldBeNovaFault(404, "itemNotFound");
    }

    [Fact]
    public async Task explicit_networks_give_a_port_on_each_of_them_only()
    {
        var server = await app.Host.CreateServer(TestAccount.Demo, "private-only", new[] { new { uuid = Scenarios.ServiceNet } });

        server["addresses"]!.AsObject().Select(p => p.Key).ShouldBe(["private"]);
        var entry = server.AddressEntries().Single();
        Private.Contains(IPAddress.Parse(entry.Addr)).ShouldBeTrue();
    }

    [Fact]
    public async Task both_well_known_networks_can_be_named_explicitly()
    {
        var server = await app.Host.CreateServer(TestAccount.Demo, "both",
            new[] { new { uuid = Scenarios.PublicNet }, new { uuid = Scenarios.ServiceNet } });

        server["addresses"]!.AsObject().Select(p => p.Key).Order().ShouldBe(["private", "public"]);
    }

    [Fact]
    public async Task networks_none_gives_a_server_without_addresses()
    {
        var server = await app.Host.CreateServer(TestAccount.Demo, "isolated", "none");

        server["status"].Str().ShouldBe("ACTIVE");
        server["addresses"]!.AsObject().Count.ShouldBe(0);
    }

    [Fact]
    public async Task an_unknown_network_is_400_bad_request_and_no_server_is_made()
    {
        var before = await ServerCount();
        var result = await Create(Body("lost", new[] { new { uuid = Guid.NewGuid().ToString() } }));

        await result.ShouldBeNovaFault(400, "badRequest");
        (await ServerCount()).ShouldBe(before);
    }

    [Fact]
    public async Task a_network_id_that_is_not_a_uuid_is_400()
    {
        var result = await Create(Body("bad-net", new[] { new { uuid = "not-a-uuid" } }));

        (await result.ShouldBeNovaFault(400, "badRequest")).ShouldContain("not-a-uuid");
    }

    [Fact]
    public async Task a_network_requested_twice_is_400()
    {
        var result = await Create(Body("twice", new[] { new { uuid = Scenarios.ServiceNet }, new { uuid = Scenarios.ServiceNet } }));

        await result.ShouldBeNovaFault(400, "badRequest");
    }

    [Fact]
    public async Task a_requested_fixed_ip_is_honoured()
    {
        var server = await app.Host.CreateServer(TestAccount.Demo, "pinned",
            new[] { new { uuid = Scenarios.ServiceNet, fixed_ip = "10.176.77.7" } });

        server.AddressEntries().ShouldBe([("private", "10.176.77.7", 4, "fixed")]);
    }

    [Fact]
    public async Task a_fixed_ip_that_is_taken_is_400()
    {
        await app.Host.CreateServer(TestAccount.Demo, "first", new[] { new { uuid = Scenarios.ServiceNet, fixed_ip = "10.176.88.8" } });

        var result = await Create(Body("second", new[] { new { uuid = Scenarios.ServiceNet, fixed_ip = "10.176.88.8" } }));

        (await result.ShouldBeNovaFault(400, "badRequest")).ShouldContain("10.176.88.8");
    }

    [Fact]
    public async Task a_fixed_ip_outside_the_network_is_400()
    {
        var result = await Create(Body("outside", new[] { new { uuid = Scenarios.ServiceNet, fixed_ip = "192.0.2.1" } }));

        await result.ShouldBeNovaFault(400, "badRequest");
    }

    [Fact]
    public async Task a_refused_create_keeps_none_of_the_addresses_it_had_taken()
    {
        // Networks are addressed in id order: ServiceNet's fixed IP is leased before the unknown network is found.
        var networks = new object[] { new { uuid = Scenarios.ServiceNet, fixed_ip = "10.176.66.6" }, new { uuid = "ffffffff-ffff-4fff-bfff-ffffffffffff" } };
        await (await Create(Body("half-made", networks))).ShouldBeNovaFault(400, "badRequest");

        var server = await app.Host.CreateServer(TestAccount.Demo, "whole", new[] { new { uuid = Scenarios.ServiceNet, fixed_ip = "10.176.66.6" } });

        server.AddressEntries().Single().Addr.ShouldBe("10.176.66.6");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public async Task a_missing_name_is_400(string? name)
    {
        var result = await Create(Body(name));

        (await result.ShouldBeNovaFault(400, "badRequest")).ShouldContain("name");
    }

    [Fact]
    public async Task a_body_without_server_is_400()
    {
        var result = await Create(new { name = "flat" });

        await result.ShouldBeNovaFault(400, "badRequest");
    }

    [Theory]
    [InlineData("/v2/7a3c5e0f9b2d4c6e8f1a3b5c7d9e0f12")]
    [InlineData("/v2.1/7a3c5e0f9b2d4c6e8f1a3b5c7d9e0f12")]
    public async Task the_same_routes_answer_under_the_tenant_prefix(string prefix)
    {
        var create = await Create(Body("prefixed"), prefix);
        create.Status().ShouldBe(202);
        var created = (await create.Json())["server"]!;
        var id = created["id"].Str();
        created["links"]!.AsArray().Single(l => l!["rel"].Str() == "self")!["href"].Str()
            .ShouldBe($"http://localhost{prefix}/servers/{id}");

        var show = await app.Host.As(TestAccount.Demo, x => x.Get.Url($"{prefix}/servers/{id}"));
        show.Status().ShouldBe(200);
        (await show.Json())["server"]!["status"].Str().ShouldBe("ACTIVE");

        var list = await app.Host.As(TestAccount.Demo, x => x.Get.Url($"{prefix}/servers"));
        (await list.Json())["servers"]!.AsArray().Select(s => s!["id"].Str()).ShouldContain(id);
        var detail = await app.Host.As(TestAccount.Demo, x => x.Get.Url($"{prefix}/servers/detail"));
        (await detail.Json())["servers"]!.AsArray().Select(s => s!["id"].Str()).ShouldContain(id);

        var delete = await app.Host.As(TestAccount.Demo, x => x.Delete.Url($"{prefix}/servers/{id}"));
        delete.Status().ShouldBe(204);
        var gone = await app.Host.As(TestAccount.Demo, x => x.Get.Url($"/servers/{id}"));
        gone.Status().ShouldBe(404);
    }

    [Fact]
    public async Task the_rackspace_v2_prefix_without_a_tenant_serves_the_same_servers()
    {
        var id = (await app.Host.CreateServer(TestAccount.Demo, "rackspace-style"))["id"].Str();

        var show = await app.Host.As(TestAccount.Demo, x => x.Get.Url($"/v2/servers/{id}"));

        show.Status().ShouldBe(200);
        (await show.Json())["server"]!["name"].Str().ShouldBe("rackspace-style");
    }

    [Theory]
    [InlineData("/v2/0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f/servers", "GET")]
    [InlineData("/v2.1/0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f/servers", "POST")]
    [InlineData("/v2/not-a-tenant/servers/detail", "GET")]
    public async Task a_tenant_in_the_path_that_is_not_the_callers_is_400(string url, string method)
    {
        var before = await ServerCount();
        var result = await app.Host.As(TestAccount.Demo, x =>
        {
            if (method == "POST") x.Post.Json(Body("misdirected")).ToUrl(url);
            else x.Get.Url(url);
        });

        await result.ShouldBeNovaFault(400, "badRequest");
        (await ServerCount()).ShouldBe(before);
    }

    async Task<int> ServerCount()
    {
        var result = await app.Host.As(TestAccount.Demo, x => x.Get.Url("/servers"));
        return (await result.Json())["servers"]!.AsArray().Count;
    }
}
