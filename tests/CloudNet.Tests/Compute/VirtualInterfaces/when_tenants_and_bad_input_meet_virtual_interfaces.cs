using CloudNet.Tests.Networks;
using CloudNet.Tests.Support;
using static CloudNet.Tests.Compute.VirtualInterfaces.VirtualInterfaceScenarios;

namespace CloudNet.Tests.Compute.VirtualInterfaces;

/// <summary>Another tenant's server is a missing one (404), another tenant's network is a missing one (400), and bad
/// input is refused in nova's format without attaching anything. Also: a network with interfaces cannot be deleted.</summary>
public class when_tenants_and_bad_input_meet_virtual_interfaces(AppFixture app) : IClassFixture<AppFixture>
{
    // ---- tenants ----

    [Fact]
    public async Task another_tenant_gets_404_on_every_interface_route_of_a_server_not_theirs()
    {
        var networkId = await app.Host.IsolatedNetwork(TestAccount.Demo, "demo-only", "192.168.60.0/24");
        var serverId = await app.Host.ServerOn(TestAccount.Demo, "demo-only");
        var vif = await app.Host.AttachInterface(TestAccount.Demo, serverId, networkId);
        var theirNetwork = await app.Host.IsolatedNetwork(TestAccount.Other, "other-net", "192.168.60.0/24");
        var before = (await app.Host.ListInterfaces(TestAccount.Demo, serverId)).ToJsonString();

        var list = await app.Host.GetInterfaces(TestAccount.Other, serverId);
        var attachTheirs = await app.Host.PostInterface(TestAccount.Other, serverId, theirNetwork);
        var attachMine = await app.Host.PostInterface(TestAccount.Other, serverId, networkId);
        var detach = await app.Host.DetachInterface(TestAccount.Other, serverId, vif["id"].Str());

        var missing = await (await app.Host.GetInterfaces(TestAccount.Other, Guid.NewGuid().ToString())).ShouldBeNovaFault(404, "itemNotFound");
        foreach (var result in new[] { list, attachTheirs, attachMine, detach })
        {
            var message = await result.ShouldBeNovaFault(404, "itemNotFound");
            message.ShouldBe(missing.Replace(missing.Split(' ')[1], serverId), "the same 404 as a server that does not exist");
        }
        (await app.Host.ListInterfaces(TestAccount.Demo, serverId)).ToJsonString().ShouldBe(before);
    }

    [Fact]
    public async Task the_tenant_in_the_path_must_be_the_callers()
    {
        var serverId = await app.Host.ServerOn(TestAccount.Demo, "path-tenant");

        var result = await app.Host.GetInterfaces(TestAccount.Demo, serverId, $"/v2/{TestAccount.Other.TenantId}");

        result.Status().ShouldBeInRange(400, 404);
        (await result.ReadAsTextAsync()).ShouldNotContain("virtual_interfaces");
    }

    [Fact]
    public async Task attaching_another_tenants_network_to_ones_own_server_is_400_network_not_found()
    {
        var theirs = await app.Host.IsolatedNetwork(TestAccount.Demo, "demo-net", "192.168.61.0/24");
        var serverId = await app.Host.ServerOn(TestAccount.Other, "other-server");

        var result = await app.Host.PostInterface(TestAccount.Other, serverId, theirs);

        var message = await result.ShouldBeNovaFault(400, "badRequest");
        message.ShouldContain(theirs);
        message.ShouldContain("not be found");
        (await app.Host.ListInterfaces(TestAccount.Other, serverId)).Count.ShouldBe(1);
        // And it answers exactly as a network that does not exist.
        var unknown = Guid.NewGuid().ToString();
        (await (await app.Host.PostInterface(TestAccount.Other, serverId, unknown)).ShouldBeNovaFault(400, "badRequest"))
            .ShouldBe(message.Replace(theirs, unknown));
    }

    // ---- bad input ----

    [Theory]
    [InlineData("""{"virtual_interface":{"network_id":"x"}""")]
    [InlineData("""not json""")]
    [InlineData("""{}""")]
    [InlineData("""{"virtual_interface":null}""")]
    [InlineData("""{"virtual_interface":{}}""")]
    [InlineData("""{"network_id":"1f7920d3-0e63-4fec-a1cb-f7916671e8eb"}""")]
    [InlineData("""{"virtual_interface":{"network_id":null}}""")]
    [InlineData("""{"virtual_interface":{"network_id":""}}""")]
    [InlineData("""{"virtual_interface":{"network_id":"not-a-uuid"}}""")]
    [InlineData("""{"virtual_interface":{"network_id":42}}""")]
    [InlineData("""{"virtual_interface":{"network_id":["1f7920d3-0e63-4fec-a1cb-f7916671e8eb"]}}""")]
    [InlineData("""{"virtual_interface":"1f7920d3-0e63-4fec-a1cb-f7916671e8eb"}""")]
    [InlineData("""{"virtual_interface":{"network_id":"1f7920d3-0e63-4fec-a1cb-f7916671e8eb"}}""")]
    [InlineData("")]
    public async Task bad_input_is_400_bad_request_and_attaches_nothing(string body)
    {
        var serverId = await app.Host.ServerOn(TestAccount.Demo, "bad-input");

        var reply = await app.Host.SendRaw(TestAccount.Demo, "POST", Interfaces(serverId), body);

        reply.Status.ShouldBe(400, reply.Body);
        reply.ContentType.ShouldBe("application/json", reply.Body);
        var fault = System.Text.Json.Nodes.JsonNode.Parse(reply.Body)!.AsObject();
        fault.Select(p => p.Key).ShouldBe(["badRequest"], reply.Body);
        fault["badRequest"]!["code"]!.GetValue<int>().ShouldBe(400, reply.Body);
        fault["badRequest"]!["message"].Str().ShouldNotBeNullOrWhiteSpace();
        reply.Body.ShouldNotContain("   at ");
        (await app.Host.ListInterfaces(TestAccount.Demo, serverId)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task a_network_without_a_subnet_is_400_and_takes_nothing()
    {
        var networkId = (await app.Host.CreateNetwork(TestAccount.Demo, "no-subnet"))["id"].Str();
        var serverId = await app.Host.ServerOn(TestAccount.Demo, "no-subnet");

        var result = await app.Host.PostInterface(TestAccount.Demo, serverId, networkId);

        (await result.ShouldBeNovaFault(400, "badRequest")).ShouldContain("subnet");
        (await app.Host.ListInterfaces(TestAccount.Demo, serverId)).Count.ShouldBe(1);
        (await app.Host.As(TestAccount.Demo, x => x.Delete.Url($"/v2.0/networks/{networkId}"))).Status().ShouldBe(204, "nothing holds it");
    }

    [Fact]
    public async Task a_malformed_server_id_is_404_on_every_route()
    {
        var networkId = await app.Host.IsolatedNetwork(TestAccount.Demo, "malformed-server", "192.168.62.0/24");

        await (await app.Host.GetInterfaces(TestAccount.Demo, "not-a-uuid")).ShouldBeNovaFault(404, "itemNotFound");
        await (await app.Host.PostInterface(TestAccount.Demo, "not-a-uuid", networkId)).ShouldBeNovaFault(404, "itemNotFound");
        await (await app.Host.DetachInterface(TestAccount.Demo, "not-a-uuid", Guid.NewGuid().ToString())).ShouldBeNovaFault(404, "itemNotFound");
        await (await app.Host.PostInterface(TestAccount.Demo, Guid.NewGuid().ToString(), networkId)).ShouldBeNovaFault(404, "itemNotFound");
    }

    [Fact]
    public async Task without_a_token_the_routes_are_401()
    {
        var serverId = await app.Host.ServerOn(TestAccount.Demo, "anonymous");

        foreach (var (method, body) in new[] { ("GET", (string?)null), ("POST", """{"virtual_interface":{"network_id":"11111111-1111-1111-1111-111111111111"}}""") })
        {
            var reply = await app.Host.SendRaw(null, method, Interfaces(serverId), body);
            reply.Status.ShouldBe(401, reply.Body);
        }
        (await app.Host.ListInterfaces(TestAccount.Demo, serverId)).Count.ShouldBe(1);
    }

    // ---- a network with interfaces cannot be deleted ----

    [Fact]
    public async Task os_networksv2_delete_is_409_while_an_interface_is_attached_and_202_after_the_detach()
    {
        var networkId = await app.Host.IsolatedNetwork(TestAccount.Demo, "in-use", "192.168.63.0/24");
        var serverId = await app.Host.ServerOn(TestAccount.Demo, "in-use");
        var vif = await app.Host.AttachInterface(TestAccount.Demo, serverId, networkId);

        await (await app.Host.As(TestAccount.Demo, x => x.Delete.Url($"/os-networksv2/{networkId}"))).ShouldBeNovaFault(409, "conflictingRequest");
        (await app.Host.As(TestAccount.Demo, x => x.Get.Url($"/os-networksv2/{networkId}"))).Status().ShouldBe(200);
        (await app.Host.ListInterfaces(TestAccount.Demo, serverId)).Select(v => v!["id"].Str()).ShouldContain(vif["id"].Str());

        (await app.Host.DetachInterface(TestAccount.Demo, serverId, vif["id"].Str())).Status().ShouldBe(200);

        (await app.Host.As(TestAccount.Demo, x => x.Delete.Url($"/os-networksv2/{networkId}"))).Status().ShouldBe(202);
        await (await app.Host.As(TestAccount.Demo, x => x.Get.Url($"/os-networksv2/{networkId}"))).ShouldBeNovaFault(404, "itemNotFound");
        // A deleted network cannot be attached.
        (await (await app.Host.PostInterface(TestAccount.Demo, serverId, networkId)).ShouldBeNovaFault(400, "badRequest")).ShouldContain("not be found");
    }

    [Fact]
    public async Task v2_0_networks_delete_is_409_network_in_use_while_an_interface_is_attached_and_204_after_the_detach()
    {
        var (networkId, _) = await app.Host.CreateNetworkWithSubnet(TestAccount.Demo, "in-use-neutron", "192.168.64.0/24");
        var serverId = await app.Host.ServerOn(TestAccount.Demo, "in-use-neutron");
        var vif = await app.Host.AttachInterface(TestAccount.Demo, serverId, networkId);

        await (await app.Host.As(TestAccount.Demo, x => x.Delete.Url($"/v2.0/networks/{networkId}"))).ShouldBeNeutronError(409, "NetworkInUse");

        (await app.Host.DetachInterface(TestAccount.Demo, serverId, vif["id"].Str())).Status().ShouldBe(200);

        (await app.Host.As(TestAccount.Demo, x => x.Delete.Url($"/v2.0/networks/{networkId}"))).Status().ShouldBe(204);
    }

    [Fact]
    public async Task deleting_the_server_frees_the_network_too()
    {
        var networkId = await app.Host.IsolatedNetwork(TestAccount.Demo, "freed-by-server-delete", "192.168.65.0/24");
        var serverId = await app.Host.ServerOn(TestAccount.Demo, "freed-by-server-delete");
        var vif = await app.Host.AttachInterface(TestAccount.Demo, serverId, networkId);

        (await app.Host.As(TestAccount.Demo, x => x.Delete.Url($"/servers/{serverId}"))).Status().ShouldBe(204);

        (await app.LeasesOf(vif["id"].Str())).ShouldBeEmpty();
        (await app.Host.As(TestAccount.Demo, x => x.Delete.Url($"/os-networksv2/{networkId}"))).Status().ShouldBe(202);
    }
}
