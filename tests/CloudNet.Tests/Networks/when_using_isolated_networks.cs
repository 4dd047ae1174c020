using System.Net;
using CloudNet.Tests.Support;

namespace CloudNet.Tests.Networks;

/// <summary>
/// Rackspace's <c>/os-networksv2</c> (compute family, nova's error format), as pkgcloud's rackspace provider calls it,
/// at the root and under <c>/v2/{tenant}</c>; the same networks as <c>/v2.0/networks</c>.
/// </summary>
public class when_using_isolated_networks(AppFixture app) : IClassFixture<AppFixture>
{
    static readonly string TenantPrefix = $"/v2/{TestAccount.Demo.TenantId}";

    [Theory]
    [InlineData("")]
    [InlineData("/v2/7a3c5e0f9b2d4c6e8f1a3b5c7d9e0f12")]
    [InlineData("/v2.1/7a3c5e0f9b2d4c6e8f1a3b5c7d9e0f12")]
    public async Task create_answers_200_with_id_label_and_cidr(string prefix)
    {
        var result = await app.Host.As(TestAccount.Demo, x => x.Post
            .Json(new { network = new { cidr = "192.168.100.0/24", label = "isolated" } }).ToUrl($"{prefix}/os-networksv2"));

        result.Status().ShouldBe(200, await result.ReadAsTextAsync());
        result.Context.Response.ContentType.ShouldNotBeNull().ShouldStartWith("application/json");
        var body = await result.Json();
        body.Keys().ShouldBe(["network"]);
        var network = body["network"]!;
        network.Keys().Order().ShouldBe(["cidr", "id", "label"]);
        Guid.TryParse(network["id"].Str(), out _).ShouldBeTrue();
        network["label"].Str().ShouldBe("isolated");
        network["cidr"].Str().ShouldBe("192.168.100.0/24");
    }

    [Theory]
    [InlineData("""{"network":{"cidr":"not-a-cidr","label":"bad"}}""")]
    [InlineData("""{"network":{"cidr":"192.168.101.5/24","label":"host-bits"}}""")]
    [InlineData("""{"network":{"cidr":"192.168.101.0/33","label":"too-long"}}""")]
    [InlineData("""{"network":{"cidr":"192.168.101.0/32","label":"no-room"}}""")]
    [InlineData("""{"network":{"cidr":"192.168.101.0/24"}}""")]
    [InlineData("""{"network":{"cidr":"192.168.101.0/24","label":""}}""")]
    [InlineData("""{"network":{"cidr":"192.168.101.0/24","label":"   "}}""")]
    [InlineData("""{"network":{"label":"no-cidr"}}""")]
    [InlineData("""{"network":{"cidr":"","label":"empty-cidr"}}""")]
    [InlineData("""{"network":{"cidr":5,"label":"number"}}""")]
    [InlineData("""{"network":null}""")]
    [InlineData("")]
    [InlineData("{}")]
    [InlineData("""{"label":"flat","cidr":"192.168.101.0/24"}""")]
    [InlineData("""{"network":{"cidr":"192.168.101.0/24","label":"x"}""")]
    public async Task a_bad_create_is_400_bad_request_and_makes_nothing(string body)
    {
        var before = (await app.Host.ListNetworks(TestAccount.Demo)).Count;

        var reply = await app.Host.SendRaw(TestAccount.Demo, "POST", "/os-networksv2", body);

        reply.Status.ShouldBe(400, reply.Body);
        reply.ContentType.ShouldBe("application/json", reply.Body);
        var fault = System.Text.Json.Nodes.JsonNode.Parse(reply.Body)!.AsObject();
        fault.Select(p => p.Key).ShouldBe(["badRequest"], reply.Body);
        fault["badRequest"]!["code"]!.GetValue<int>().ShouldBe(400);
        fault["badRequest"]!["message"].Str().ShouldNotBeNullOrWhiteSpace();
        (await app.Host.ListNetworks(TestAccount.Demo)).Count.ShouldBe(before);
    }

    [Fact]
    public async Task a_missing_label_is_named_in_the_message()
    {
        var result = await app.Host.As(TestAccount.Demo, x => x.Post.Json(new { network = new { cidr = "192.168.102.0/24" } }).ToUrl("/os-networksv2"));

        (await result.ShouldBeNovaFault(400, "badRequest")).ShouldContain("label");
    }

    [Fact]
    public async Task the_list_starts_with_public_and_private_then_the_tenants_networks_with_their_cidr()
    {
        var first = await app.Host.CreateIsolatedNetwork(TestAccount.Demo, "list-first", "192.168.103.0/24");
        var second = await app.Host.CreateIsolatedNetwork(TestAccount.Demo, "list-second", "192.168.104.0/24");
        var theirs = await app.Host.CreateIsolatedNetwork(TestAccount.Other, "list-theirs", "192.168.103.0/24");

        var result = await app.Host.As(TestAccount.Demo, x => x.Get.Url("/os-networksv2"));

        result.Status().ShouldBe(200);
        var networks = (await result.Json())["networks"]!.AsArray();
        networks[0]!.ToJsonString().ShouldBe("""{"id":"00000000-0000-0000-0000-000000000000","label":"public"}""");
        networks[1]!.ToJsonString().ShouldBe("""{"id":"11111111-1111-1111-1111-111111111111","label":"private"}""");
        var ids = networks.Ids();
        ids.ShouldNotContain(theirs["id"].Str());
        ids.IndexOf(first["id"].Str()).ShouldBeLessThan(ids.IndexOf(second["id"].Str()), "oldest first");
        var listed = networks.Single(n => n!["id"].Str() == first["id"].Str())!;
        listed.ToJsonString().ShouldBe(first.ToJsonString());
        networks.Skip(2).ShouldAllBe(n => n!["cidr"] != null);
    }

    [Fact]
    public async Task show_answers_the_network()
    {
        var created = await app.Host.CreateIsolatedNetwork(TestAccount.Demo, "shown", "192.168.105.0/24");

        var result = await app.Host.As(TestAccount.Demo, x => x.Get.Url($"/os-networksv2/{created["id"].Str()}"));

        result.Status().ShouldBe(200);
        (await result.Json())["network"]!.ToJsonString().ShouldBe(created.ToJsonString());
        var publicNet = await app.Host.As(TestAccount.Demo, x => x.Get.Url($"/os-networksv2/{Scenarios.PublicNet}"));
        (await publicNet.Json())["network"]!.ToJsonString().ShouldBe("""{"id":"00000000-0000-0000-0000-000000000000","label":"public"}""");
    }

    [Fact]
    public async Task show_of_an_unknown_or_another_tenants_network_is_404_item_not_found()
    {
        var theirs = (await app.Host.CreateIsolatedNetwork(TestAccount.Other, "hidden", "192.168.106.0/24"))["id"].Str();

        foreach (var id in new[] { theirs, Guid.NewGuid().ToString(), "not-a-uuid" })
        {
            var show = await app.Host.As(TestAccount.Demo, x => x.Get.Url($"/os-networksv2/{id}"));
            await show.ShouldBeNovaFault(404, "itemNotFound");
            var delete = await app.Host.As(TestAccount.Demo, x => x.Delete.Url($"/os-networksv2/{id}"));
            await delete.ShouldBeNovaFault(404, "itemNotFound");
        }
        (await app.Host.As(TestAccount.Other, x => x.Get.Url($"/os-networksv2/{theirs}"))).Status().ShouldBe(200);
    }

    [Theory]
    [InlineData("")]
    [InlineData("/v2/7a3c5e0f9b2d4c6e8f1a3b5c7d9e0f12")]
    public async Task delete_answers_202_and_then_the_network_is_404(string prefix)
    {
        var id = (await app.Host.CreateIsolatedNetwork(TestAccount.Demo, "doomed", "192.168.107.0/24", prefix))["id"].Str();

        var delete = await app.Host.As(TestAccount.Demo, x => x.Delete.Url($"{prefix}/os-networksv2/{id}"));

        delete.Status().ShouldBe(202, await delete.ReadAsTextAsync());
        await (await app.Host.As(TestAccount.Demo, x => x.Get.Url($"{prefix}/os-networksv2/{id}"))).ShouldBeNovaFault(404, "itemNotFound");
        await (await app.Host.As(TestAccount.Demo, x => x.Delete.Url($"{prefix}/os-networksv2/{id}"))).ShouldBeNovaFault(404, "itemNotFound");
        (await app.Host.ListNetworks(TestAccount.Demo)).Ids().ShouldNotContain(id);
    }

    [Fact]
    public async Task list_and_show_answer_under_the_tenant_prefix()
    {
        var id = (await app.Host.CreateIsolatedNetwork(TestAccount.Demo, "prefixed", "192.168.108.0/24", TenantPrefix))["id"].Str();

        var list = await app.Host.As(TestAccount.Demo, x => x.Get.Url($"{TenantPrefix}/os-networksv2"));
        var show = await app.Host.As(TestAccount.Demo, x => x.Get.Url($"{TenantPrefix}/os-networksv2/{id}"));

        list.Status().ShouldBe(200);
        (await list.Json())["networks"]!.AsArray().Ids().ShouldContain(id);
        show.Status().ShouldBe(200);
        (await show.Json())["network"]!["label"].Str().ShouldBe("prefixed");
    }

    [Fact]
    public async Task another_tenant_in_the_path_is_refused()
    {
        var result = await app.Host.As(TestAccount.Demo, x => x.Get.Url($"/v2/{TestAccount.Other.TenantId}/os-networksv2"));

        result.Status().ShouldBeInRange(400, 404);
        (await result.ReadAsTextAsync()).ShouldNotContain("\"networks\"");
    }

    [Fact]
    public async Task delete_while_a_server_is_attached_is_409_conflicting_request_until_the_server_goes()
    {
        var id = (await app.Host.CreateIsolatedNetwork(TestAccount.Demo, "attached", "192.168.109.0/24"))["id"].Str();
        var server = await app.Host.CreateServer(TestAccount.Demo, "attached", new[] { new { uuid = id } });

        var refused = await app.Host.As(TestAccount.Demo, x => x.Delete.Url($"/os-networksv2/{id}"));

        await refused.ShouldBeNovaFault(409, "conflictingRequest");
        (await app.Host.As(TestAccount.Demo, x => x.Get.Url($"/os-networksv2/{id}"))).Status().ShouldBe(200);

        (await app.Host.As(TestAccount.Demo, x => x.Delete.Url($"/servers/{server["id"].Str()}"))).Status().ShouldBe(204);
        (await app.Host.As(TestAccount.Demo, x => x.Delete.Url($"/os-networksv2/{id}"))).Status().ShouldBe(202);
    }

    [Theory]
    [InlineData(Scenarios.PublicNet)]
    [InlineData(Scenarios.ServiceNet)]
    public async Task deleting_a_well_known_network_is_403_forbidden(string id)
    {
        var result = await app.Host.As(TestAccount.Demo, x => x.Delete.Url($"/os-networksv2/{id}"));

        await result.ShouldBeNovaFault(403, "forbidden");
        (await app.Host.As(TestAccount.Demo, x => x.Get.Url($"/os-networksv2/{id}"))).Status().ShouldBe(200);
    }

    [Fact]
    public async Task a_server_on_an_isolated_network_gets_an_address_of_its_cidr_under_its_label()
    {
        var id = (await app.Host.CreateIsolatedNetwork(TestAccount.Demo, "backend", "192.168.110.0/24"))["id"].Str();

        var server = await app.Host.CreateServer(TestAccount.Demo, "db", new[] { new { uuid = id } });

        server.AddressEntries().ShouldBe([("backend", "192.168.110.2", 4, "fixed")]);
    }

    [Fact]
    public async Task an_isolated_network_appears_in_v2_0_networks_with_its_subnet()
    {
        var created = await app.Host.CreateIsolatedNetwork(TestAccount.Demo, "both-ways", "192.168.111.0/24");
        var id = created["id"].Str();

        var network = (await app.Host.ListNetworks(TestAccount.Demo, $"?id={id}")).Single()!;
        network["name"].Str().ShouldBe("both-ways");
        network["shared"]!.GetValue<bool>().ShouldBeFalse();
        network["tenant_id"].Str().ShouldBe(TestAccount.Demo.TenantId);
        var subnet = (await app.Host.ListSubnets(TestAccount.Demo, $"?network_id={id}")).Single()!;
        subnet["cidr"].Str().ShouldBe("192.168.111.0/24");
        subnet["ip_version"]!.GetValue<int>().ShouldBe(4);
        subnet["gateway_ip"].Str().ShouldBe("192.168.111.1");
        network["subnets"]!.AsArray().Select(s => s.Str()).ShouldBe([subnet["id"].Str()]);

        // And deleting it through /v2.0 removes it from os-networksv2.
        (await app.Host.As(TestAccount.Demo, x => x.Delete.Url($"/v2.0/networks/{id}"))).Status().ShouldBe(204);
        await (await app.Host.As(TestAccount.Demo, x => x.Get.Url($"/os-networksv2/{id}"))).ShouldBeNovaFault(404, "itemNotFound");
    }

    [Fact]
    public async Task a_v2_0_network_with_a_subnet_appears_in_os_networksv2()
    {
        var (id, _) = await app.Host.CreateNetworkWithSubnet(TestAccount.Demo, "from-neutron", "192.168.112.0/24");

        var shown = await app.Host.As(TestAccount.Demo, x => x.Get.Url($"/os-networksv2/{id}"));
        var list = await app.Host.As(TestAccount.Demo, x => x.Get.Url("/os-networksv2"));

        shown.Status().ShouldBe(200);
        var network = (await shown.Json())["network"]!;
        network["label"].Str().ShouldBe("from-neutron");
        network["cidr"].Str().ShouldBe("192.168.112.0/24");
        (await list.Json())["networks"]!.AsArray().Ids().ShouldContain(id);

        (await app.Host.As(TestAccount.Demo, x => x.Delete.Url($"/os-networksv2/{id}"))).Status().ShouldBe(202);
        await (await app.Host.As(TestAccount.Demo, x => x.Get.Url($"/v2.0/networks/{id}"))).ShouldBeNeutronError(404, "NetworkNotFound");
    }

    [Fact]
    public async Task an_ipv6_isolated_network_works_too()
    {
        var created = await app.Host.CreateIsolatedNetwork(TestAccount.Demo, "v6-only", "2001:db8:113::/64");

        var server = await app.Host.CreateServer(TestAccount.Demo, "v6", new[] { new { uuid = created["id"].Str() } });

        created["cidr"].Str().ShouldBe("2001:db8:113::/64");
        var entry = server.AddressEntries().Single();
        entry.Version.ShouldBe(6);
        IPNetwork.Parse("2001:db8:113::/64").Contains(IPAddress.Parse(entry.Addr)).ShouldBeTrue(entry.Addr);
    }

    [Fact]
    public async Task without_credentials_the_route_is_401_in_nova_format()
    {
        var reply = await app.Host.SendRaw(null, "GET", "/os-networksv2");

        reply.Status.ShouldBe(401, reply.Body);
        System.Text.Json.Nodes.JsonNode.Parse(reply.Body)!.AsObject().Select(p => p.Key).ShouldBe(["unauthorized"], reply.Body);
    }
}
