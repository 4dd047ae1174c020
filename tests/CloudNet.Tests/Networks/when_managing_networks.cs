using System.Text.Json;
using System.Text.Json.Nodes;
using CloudNet.Tests.Support;

namespace CloudNet.Tests.Networks;

/// <summary><c>/v2.0/networks</c>, field by field against Neutron's network and what pkgcloud's network client reads.</summary>
public class when_managing_networks(AppFixture app) : IClassFixture<AppFixture>
{
    const string PublicNet = Scenarios.PublicNet;
    const string ServiceNet = Scenarios.ServiceNet;

    [Fact]
    public async Task create_answers_201_with_neutrons_network()
    {
        var result = await app.Host.As(TestAccount.Demo, x => x.Post.Json(new { network = new { name = "created" } }).ToUrl("/v2.0/networks"));

        result.Status().ShouldBe(201, await result.ReadAsTextAsync());
        result.Context.Response.ContentType.ShouldNotBeNull().ShouldStartWith("application/json");
        result.Header("X-Openstack-Request-Id").ShouldNotBeNullOrWhiteSpace();
        var body = await result.Json();
        body.Keys().ShouldBe(["network"]);
        var network = body["network"]!;
        Guid.TryParse(network["id"].Str(), out var id).ShouldBeTrue(network["id"].Str());
        id.ShouldNotBe(Guid.Empty);
        network["name"].Str().ShouldBe("created");
        network["status"].Str().ShouldBe("ACTIVE");
        network["admin_state_up"]!.GetValue<bool>().ShouldBeTrue();
        network["shared"]!.GetValue<bool>().ShouldBeFalse();
        network["tenant_id"].Str().ShouldBe(TestAccount.Demo.TenantId);
        network["project_id"].Str().ShouldBe(TestAccount.Demo.TenantId);
        network["subnets"]!.AsArray().Count.ShouldBe(0);
        network["router:external"]!.GetValue<bool>().ShouldBeFalse();
    }

    [Fact]
    public async Task the_list_holds_publicnet_and_servicenet_with_their_subnets()
    {
        var networks = await app.Host.ListNetworks(TestAccount.Demo);

        var publicNet = networks.Single(n => n!["id"].Str() == PublicNet)!;
        publicNet["name"].Str().ShouldBe("public");
        publicNet["shared"]!.GetValue<bool>().ShouldBeTrue();
        publicNet["status"].Str().ShouldBe("ACTIVE");
        publicNet["router:external"]!.GetValue<bool>().ShouldBeFalse();
        var serviceNet = networks.Single(n => n!["id"].Str() == ServiceNet)!;
        serviceNet["name"].Str().ShouldBe("private");
        serviceNet["shared"]!.GetValue<bool>().ShouldBeTrue();

        var publicSubnets = await app.Host.ListSubnets(TestAccount.Demo, $"?network_id={PublicNet}");
        publicSubnets.Select(s => (s!["cidr"].Str(), s["ip_version"]!.GetValue<int>())).Order()
            .ShouldBe([("198.51.100.0/24", 4), ("2001:db8:100::/64", 6)]);
        publicNet["subnets"]!.AsArray().Select(s => s.Str()).Order().ShouldBe(publicSubnets.Ids().Order());
        publicSubnets.ShouldAllBe(s => s!["network_id"].Str() == PublicNet);

        var serviceSubnets = await app.Host.ListSubnets(TestAccount.Demo, $"?network_id={ServiceNet}");
        serviceSubnets.Select(s => s!["cidr"].Str()).ShouldBe(["10.176.0.0/16"]);
        serviceNet["subnets"]!.AsArray().Select(s => s.Str()).ShouldBe(serviceSubnets.Ids());
    }

    [Fact]
    public async Task every_listed_network_has_the_fields_pkgcloud_reads()
    {
        await app.Host.CreateNetwork(TestAccount.Demo, "pkgcloud-read");

        var result = await app.Host.As(TestAccount.Demo, x => x.Get.Url("/v2.0/networks"));

        result.Status().ShouldBe(200);
        var networks = (await result.Json())["networks"].ShouldNotBeNull();
        networks.GetValueKind().ShouldBe(JsonValueKind.Array, "pkgcloud's callback never fires unless networks is an array");
        foreach (var network in networks.AsArray().Select(n => n!))
        {
            var keys = network.Keys();
            foreach (var key in new[] { "id", "name", "status", "admin_state_up", "shared", "tenant_id", "project_id", "subnets", "router:external" })
                keys.ShouldContain(key, network.ToJsonString());
            network["subnets"]!.GetValueKind().ShouldBe(JsonValueKind.Array);
            network["admin_state_up"]!.GetValueKind().ShouldBe(JsonValueKind.True);
        }
    }

    [Fact]
    public async Task the_list_holds_the_callers_networks_and_never_another_tenants()
    {
        var mine = (await app.Host.CreateNetwork(TestAccount.Demo, "mine"))["id"].Str();
        var theirs = (await app.Host.CreateNetwork(TestAccount.Other, "theirs"))["id"].Str();

        var demoSees = (await app.Host.ListNetworks(TestAccount.Demo)).Ids();
        demoSees.ShouldContain(mine);
        demoSees.ShouldContain(PublicNet);
        demoSees.ShouldContain(ServiceNet);
        demoSees.ShouldNotContain(theirs);

        var otherSees = (await app.Host.ListNetworks(TestAccount.Other)).Ids();
        otherSees.ShouldContain(theirs);
        otherSees.ShouldContain(PublicNet);
        otherSees.ShouldNotContain(mine);

        var byId = await app.Host.ListNetworks(TestAccount.Demo, $"?id={theirs}");
        byId.Count.ShouldBe(0, "a filter never reaches another tenant's network");
    }

    [Fact]
    public async Task the_list_can_be_filtered_by_id_name_and_shared()
    {
        var first = (await app.Host.CreateNetwork(TestAccount.Demo, "filter-alpha"))["id"].Str();
        var second = (await app.Host.CreateNetwork(TestAccount.Demo, "filter-beta"))["id"].Str();

        (await app.Host.ListNetworks(TestAccount.Demo, $"?id={first}")).Ids().ShouldBe([first]);
        (await app.Host.ListNetworks(TestAccount.Demo, $"?id={first}&id={second}")).Ids().Order().ShouldBe(new[] { first, second }.Order());
        (await app.Host.ListNetworks(TestAccount.Demo, "?name=filter-beta")).Ids().ShouldBe([second]);
        (await app.Host.ListNetworks(TestAccount.Demo, "?name=public")).Ids().ShouldBe([PublicNet]);
        (await app.Host.ListNetworks(TestAccount.Demo, "?name=no-such-name")).Count.ShouldBe(0);

        var shared = await app.Host.ListNetworks(TestAccount.Demo, "?shared=true");
        shared.Ids().Order().ShouldBe(new[] { PublicNet, ServiceNet }.Order());
        var own = await app.Host.ListNetworks(TestAccount.Demo, "?shared=false");
        own.Ids().ShouldContain(first);
        own.Ids().ShouldContain(second);
        own.ShouldAllBe(n => !n!["shared"]!.GetValue<bool>());
    }

    [Fact]
    public async Task show_answers_the_network_as_listed()
    {
        var id = (await app.Host.CreateNetwork(TestAccount.Demo, "shown"))["id"].Str();

        var result = await app.Host.As(TestAccount.Demo, x => x.Get.Url($"/v2.0/networks/{id}"));

        result.Status().ShouldBe(200);
        result.Header("X-Openstack-Request-Id").ShouldNotBeNullOrWhiteSpace();
        var shown = (await result.Json())["network"]!;
        shown["id"].Str().ShouldBe(id);
        shown["name"].Str().ShouldBe("shown");
        var listed = (await app.Host.ListNetworks(TestAccount.Demo, $"?id={id}")).Single()!;
        shown.ToJsonString().ShouldBe(listed.ToJsonString());
    }

    [Theory]
    [InlineData(PublicNet, "public")]
    [InlineData(ServiceNet, "private")]
    public async Task the_well_known_networks_can_be_shown(string id, string name)
    {
        var result = await app.Host.As(TestAccount.Other, x => x.Get.Url($"/v2.0/networks/{id}"));

        result.Status().ShouldBe(200);
        var network = (await result.Json())["network"]!;
        network["id"].Str().ShouldBe(id);
        network["name"].Str().ShouldBe(name);
        network["shared"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Theory]
    [InlineData("8c7f1c5e-3c1d-4e4b-9d2a-0a5b6c7d8e9f")]
    [InlineData("not-a-uuid")]
    [InlineData("12345")]
    public async Task show_of_an_unknown_network_is_404_network_not_found(string id)
    {
        var result = await app.Host.As(TestAccount.Demo, x => x.Get.Url($"/v2.0/networks/{id}"));

        (await result.ShouldBeNeutronError(404, "NetworkNotFound")).ShouldContain(id);
    }

    [Fact]
    public async Task publicnets_storage_key_is_no_alias_of_publicnet()
    {
        // PublicNet's stream and snapshot live under a stand-in key (Marten refuses the empty Guid); that key is not an id.
        var standIn = CloudNet.Networks.NetworkKeys.PublicNetStreamId.ToString();

        await (await app.Host.As(TestAccount.Demo, x => x.Get.Url($"/v2.0/networks/{standIn}"))).ShouldBeNeutronError(404, "NetworkNotFound");
        await (await app.Host.As(TestAccount.Demo, x => x.Delete.Url($"/v2.0/networks/{standIn}"))).ShouldBeNeutronError(404, "NetworkNotFound");
        await (await app.Host.PostSubnet(TestAccount.Demo, new { network_id = standIn, cidr = "172.16.9.0/24", ip_version = 4 }))
            .ShouldBeNeutronError(404, "NetworkNotFound");
        await (await app.Host.As(TestAccount.Demo, x => x.Get.Url($"/os-networksv2/{standIn}"))).ShouldBeNovaFault(404, "itemNotFound");
        await (await app.Host.As(TestAccount.Demo, x => x.Delete.Url($"/os-networksv2/{standIn}"))).ShouldBeNovaFault(404, "itemNotFound");
        var server = await app.Host.As(TestAccount.Demo, x => x.Post
            .Json(new { server = new { name = "alias", imageRef = "i", flavorRef = "f", networks = new[] { new { uuid = standIn } } } })
            .ToUrl("/servers"));
        (await server.ShouldBeNovaFault(400, "badRequest")).ShouldContain("could not be found");
        (await app.Host.ListNetworks(TestAccount.Demo, $"?id={standIn}")).Count.ShouldBe(0);
    }

    [Fact]
    public async Task another_tenants_network_answers_exactly_as_a_missing_one()
    {
        var theirs = (await app.Host.CreateNetwork(TestAccount.Other, "private-to-other"))["id"].Str();
        var missing = Guid.NewGuid().ToString();

        var foreign = await app.Host.As(TestAccount.Demo, x => x.Get.Url($"/v2.0/networks/{theirs}"));
        var absent = await app.Host.As(TestAccount.Demo, x => x.Get.Url($"/v2.0/networks/{missing}"));

        var foreignMessage = await foreign.ShouldBeNeutronError(404, "NetworkNotFound");
        var absentMessage = await absent.ShouldBeNeutronError(404, "NetworkNotFound");
        foreignMessage.Replace(theirs, "X").ShouldBe(absentMessage.Replace(missing, "X"));

        var delete = await app.Host.As(TestAccount.Demo, x => x.Delete.Url($"/v2.0/networks/{theirs}"));
        await delete.ShouldBeNeutronError(404, "NetworkNotFound");
        (await app.Host.ListNetworks(TestAccount.Other, $"?id={theirs}")).Count.ShouldBe(1, "the owner still has it");
    }

    [Fact]
    public async Task delete_answers_204_and_then_the_network_is_404()
    {
        var id = (await app.Host.CreateNetwork(TestAccount.Demo, "doomed"))["id"].Str();

        var delete = await app.Host.As(TestAccount.Demo, x => x.Delete.Url($"/v2.0/networks/{id}"));

        delete.Status().ShouldBe(204);
        delete.Header("X-Openstack-Request-Id").ShouldNotBeNullOrWhiteSpace();
        (await delete.ReadAsTextAsync()).ShouldBeEmpty();
        await (await app.Host.As(TestAccount.Demo, x => x.Get.Url($"/v2.0/networks/{id}"))).ShouldBeNeutronError(404, "NetworkNotFound");
        await (await app.Host.As(TestAccount.Demo, x => x.Delete.Url($"/v2.0/networks/{id}"))).ShouldBeNeutronError(404, "NetworkNotFound");
        (await app.Host.ListNetworks(TestAccount.Demo)).Ids().ShouldNotContain(id);
    }

    [Fact]
    public async Task deleting_a_network_takes_its_subnets_with_it()
    {
        var (networkId, subnetId) = await app.Host.CreateNetworkWithSubnet(TestAccount.Demo, "with-subnet", "192.168.40.0/24");

        (await app.Host.As(TestAccount.Demo, x => x.Delete.Url($"/v2.0/networks/{networkId}"))).Status().ShouldBe(204);

        (await app.Host.ListSubnets(TestAccount.Demo)).Ids().ShouldNotContain(subnetId);
        await (await app.Host.As(TestAccount.Demo, x => x.Get.Url($"/v2.0/subnets/{subnetId}"))).ShouldBeNeutronError(404, "SubnetNotFound");
    }

    [Theory]
    [InlineData(PublicNet)]
    [InlineData(ServiceNet)]
    public async Task deleting_a_well_known_network_is_403_policy_not_authorized(string id)
    {
        var result = await app.Host.As(TestAccount.Demo, x => x.Delete.Url($"/v2.0/networks/{id}"));

        await result.ShouldBeNeutronError(403, "PolicyNotAuthorized");
        (await app.Host.ListNetworks(TestAccount.Demo)).Ids().ShouldContain(id);
    }

    [Fact]
    public async Task delete_while_a_server_has_a_port_on_it_is_409_network_in_use_until_the_server_goes()
    {
        var (networkId, _) = await app.Host.CreateNetworkWithSubnet(TestAccount.Demo, "busy", "192.168.41.0/24");
        var server = await app.Host.CreateServer(TestAccount.Demo, "tenant", new[] { new { uuid = networkId } });

        var refused = await app.Host.As(TestAccount.Demo, x => x.Delete.Url($"/v2.0/networks/{networkId}"));

        (await refused.ShouldBeNeutronError(409, "NetworkInUse")).ShouldContain(networkId);
        (await app.Host.ListNetworks(TestAccount.Demo, $"?id={networkId}")).Count.ShouldBe(1);

        (await app.Host.As(TestAccount.Demo, x => x.Delete.Url($"/servers/{server["id"].Str()}"))).Status().ShouldBe(204);
        var delete = await app.Host.As(TestAccount.Demo, x => x.Delete.Url($"/v2.0/networks/{networkId}"));
        delete.Status().ShouldBe(204, await delete.ReadAsTextAsync());
    }

    [Fact]
    public async Task a_server_on_a_deleted_network_cannot_be_created()
    {
        var (networkId, _) = await app.Host.CreateNetworkWithSubnet(TestAccount.Demo, "gone-before", "192.168.42.0/24");
        (await app.Host.As(TestAccount.Demo, x => x.Delete.Url($"/v2.0/networks/{networkId}"))).Status().ShouldBe(204);

        var result = await app.Host.As(TestAccount.Demo, x => x.Post
            .Json(new { server = new { name = "late", imageRef = "i", flavorRef = "f", networks = new[] { new { uuid = networkId } } } })
            .ToUrl("/servers"));

        (await result.ShouldBeNovaFault(400, "badRequest")).ShouldContain("could not be found");
    }

    [Fact]
    public async Task another_tenants_server_cannot_use_the_network()
    {
        var (networkId, _) = await app.Host.CreateNetworkWithSubnet(TestAccount.Demo, "not-for-other", "192.168.43.0/24");

        var result = await app.Host.As(TestAccount.Other, x => x.Post
            .Json(new { server = new { name = "intruder", imageRef = "i", flavorRef = "f", networks = new[] { new { uuid = networkId } } } })
            .ToUrl("/servers"));

        (await result.ShouldBeNovaFault(400, "badRequest")).ShouldContain("could not be found");
    }

    [Theory]
    [InlineData("""{"name":"flat"}""")]
    [InlineData("""{"network":null}""")]
    [InlineData("""{"network":{"name":5}}""")]
    [InlineData("""{"network":{"name":"x"}""")]
    public async Task a_bad_create_body_is_400_in_neutron_format(string body)
    {
        var before = (await app.Host.ListNetworks(TestAccount.Demo)).Count;

        var reply = await app.Host.SendRaw(TestAccount.Demo, "POST", "/v2.0/networks", body);

        reply.ShouldBeNeutronError(400, "InvalidInput", "BadRequest");
        (await app.Host.ListNetworks(TestAccount.Demo)).Count.ShouldBe(before);
    }

    [Fact]
    public async Task a_name_of_256_characters_is_400()
    {
        var result = await app.Host.As(TestAccount.Demo, x => x.Post.Json(new { network = new { name = new string('n', 256) } }).ToUrl("/v2.0/networks"));

        (await result.ShouldBeNeutronError(400, "BadRequest")).ShouldContain("exceeds maximum length of 255");
    }

    [Fact]
    public async Task a_server_on_a_network_without_subnets_is_400()
    {
        var networkId = (await app.Host.CreateNetwork(TestAccount.Demo, "no-subnet"))["id"].Str();

        var result = await app.Host.As(TestAccount.Demo, x => x.Post
            .Json(new { server = new { name = "bare", imageRef = "i", flavorRef = "f", networks = new[] { new { uuid = networkId } } } })
            .ToUrl("/servers"));

        (await result.ShouldBeNovaFault(400, "badRequest")).ShouldContain("subnet");
    }
}
