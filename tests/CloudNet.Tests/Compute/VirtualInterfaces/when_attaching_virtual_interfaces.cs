using CloudNet.Tests.Networks;
using CloudNet.Tests.Support;
using static CloudNet.Tests.Compute.VirtualInterfaces.VirtualInterfaceScenarios;

namespace CloudNet.Tests.Compute.VirtualInterfaces;

/// <summary>
/// Seed 004: <c>POST /servers/{id}/os-virtual-interfacesv2</c> creates an interface on a network and attaches it;
/// 200 with <c>{"virtual_interfaces":[…one…]}</c>. At most one interface per server per network.
/// </summary>
public class when_attaching_virtual_interfaces(AppFixture app) : IClassFixture<AppFixture>
{
    [Theory]
    [InlineData("")]
    [InlineData("/v2/7a3c5e0f9b2d4c6e8f1a3b5c7d9e0f12")]
    public async Task seed_004_attaching_an_isolated_network_answers_200_with_exactly_one_interface(string prefix)
    {
        // A network of its own per prefix, so that each gets the network's first address.
        var network = await app.Host.CreateIsolatedNetwork(TestAccount.Demo, "added_network", "192.168.0.0/24", prefix);
        var networkId = network["id"].Str();
        var serverId = await app.Host.ServerOn(TestAccount.Demo, $"seed-004{prefix.Replace('/', '-')}");

        var result = await app.Host.PostInterface(TestAccount.Demo, serverId, networkId, prefix);

        var text = await result.ReadAsTextAsync();
        result.Status().ShouldBe(200, text);
        result.Context.Response.ContentType.ShouldNotBeNull().ShouldStartWith("application/json");
        result.Header("X-Compute-Request-Id").ShouldNotBeNullOrWhiteSpace();
        var body = await result.Json();
        body.Keys().ShouldBe(["virtual_interfaces"], text);
        var vif = body["virtual_interfaces"]!.AsArray().ShouldHaveSingleItem()!;
        vif.Keys().Order().ToList().ShouldBe(new List<string> { "id", "ip_addresses", "mac_address" }, customMessage: text);
        Guid.TryParse(vif["id"].Str(), out _).ShouldBeTrue(text);
        vif["mac_address"].Str().ShouldMatch(MacFormat().ToString());
        var ip = vif["ip_addresses"]!.AsArray().ShouldHaveSingleItem()!;
        ip.Keys().Order().ToList().ShouldBe(new List<string> { "address", "network_id", "network_label" }, customMessage: text);
        ip["address"].Str().ShouldBe("192.168.0.2", "the first address after the gateway");
        ip["network_id"].Str().ShouldBe(networkId);
        ip["network_label"].Str().ShouldBe("added_network");
    }

    [Fact]
    public async Task the_interface_is_listed_and_its_address_shows_on_the_server_under_the_label()
    {
        var networkId = await app.Host.IsolatedNetwork(TestAccount.Demo, "shown-net", "192.168.1.0/24");
        var serverId = await app.Host.ServerOn(TestAccount.Demo, "shown");

        var vif = await app.Host.AttachInterface(TestAccount.Demo, serverId, networkId);

        var listed = await app.Host.ListInterfaces(TestAccount.Demo, serverId);
        listed.Select(v => v!.ToJsonString()).ShouldContain(vif.ToJsonString());
        var server = await app.Host.ShowServer(TestAccount.Demo, serverId);
        server.AddressEntries().ShouldContain(("shown-net", "192.168.1.2", 4, "fixed"));
    }

    [Fact]
    public async Task successive_interfaces_on_one_network_get_successive_addresses()
    {
        var networkId = await app.Host.IsolatedNetwork(TestAccount.Demo, "shared-by-three", "192.168.2.0/24");
        var addresses = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var serverId = await app.Host.ServerOn(TestAccount.Demo, $"successive-{i}");
            addresses.Add((await app.Host.AttachInterface(TestAccount.Demo, serverId, networkId)).Addresses().Single());
        }

        addresses.ShouldBe(["192.168.2.2", "192.168.2.3", "192.168.2.4"]);
    }

    [Fact]
    public async Task a_second_interface_on_the_same_network_is_409_conflicting_request_and_changes_nothing()
    {
        var networkId = await app.Host.IsolatedNetwork(TestAccount.Demo, "only-once", "192.168.3.0/24");
        var serverId = await app.Host.ServerOn(TestAccount.Demo, "only-once");
        await app.Host.AttachInterface(TestAccount.Demo, serverId, networkId);
        var before = await app.Host.ListInterfaces(TestAccount.Demo, serverId);

        var second = await app.Host.PostInterface(TestAccount.Demo, serverId, networkId);

        await second.ShouldBeNovaFault(409, "conflictingRequest");
        (await app.Host.ListInterfaces(TestAccount.Demo, serverId)).ToJsonString().ShouldBe(before.ToJsonString());
        // The refused attempt took no address: the next interface on the network gets .3.
        var next = await app.Host.ServerOn(TestAccount.Demo, "only-once-next");
        (await app.Host.AttachInterface(TestAccount.Demo, next, networkId)).Addresses().ShouldBe(["192.168.3.3"]);
    }

    [Theory]
    [InlineData(Scenarios.PublicNet)]
    [InlineData(Scenarios.ServiceNet)]
    public async Task a_network_the_server_booted_on_is_409_too(string networkId)
    {
        var serverId = (await app.Host.CreateServer(TestAccount.Demo, "booted-on-both"))["id"].Str();

        await (await app.Host.PostInterface(TestAccount.Demo, serverId, networkId)).ShouldBeNovaFault(409, "conflictingRequest");

        (await app.Host.ListInterfaces(TestAccount.Demo, serverId)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task publicnet_can_be_attached_to_a_server_that_booted_without_it()
    {
        var serverId = await app.Host.ServerOn(TestAccount.Demo, "servicenet-only", Scenarios.ServiceNet);

        var vif = await app.Host.AttachInterface(TestAccount.Demo, serverId, Scenarios.PublicNet);

        var ips = vif["ip_addresses"]!.AsArray();
        ips.Select(i => i!["network_label"].Str()).ShouldAllBe(l => l == "public");
        ips.Select(i => i!["network_id"].Str()).ShouldAllBe(id => id == Scenarios.PublicNet);
        ips.Select(i => System.Net.IPAddress.Parse(i!["address"].Str()).AddressFamily).Order()
            .ShouldBe([System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.AddressFamily.InterNetworkV6]);
    }

    [Fact]
    public async Task a_network_made_through_v2_0_networks_can_be_attached()
    {
        var (networkId, _) = await app.Host.CreateNetworkWithSubnet(TestAccount.Demo, "neutron-made", "192.168.4.0/24");
        var serverId = await app.Host.ServerOn(TestAccount.Demo, "neutron-made");

        var vif = await app.Host.AttachInterface(TestAccount.Demo, serverId, networkId);

        vif["ip_addresses"]!.ToJsonString().ShouldBe($$"""[{"address":"192.168.4.2","network_id":"{{networkId}}","network_label":"neutron-made"}]""");
    }

    [Fact]
    public async Task a_network_with_two_subnets_gives_the_interface_an_address_on_each()
    {
        var (networkId, _) = await app.Host.CreateNetworkWithSubnet(TestAccount.Demo, "dual-stack", "192.168.5.0/24");
        await app.Host.CreateSubnet(TestAccount.Demo, networkId, "2001:db8:5::/64", 6);
        var serverId = await app.Host.ServerOn(TestAccount.Demo, "dual-stack");

        var vif = await app.Host.AttachInterface(TestAccount.Demo, serverId, networkId);

        var addresses = vif.Addresses();
        addresses.Count.ShouldBe(2);
        addresses.ShouldContain("192.168.5.2");
        addresses.ShouldContain(a => a.StartsWith("2001:db8:5:"));
        (await app.LeasesOf(vif["id"].Str())).Order().ShouldBe(addresses.Order());
    }

    [Fact]
    public async Task a_full_network_is_409_and_takes_nothing_until_an_address_comes_back()
    {
        // A /30: .1 is the gateway, .2 the only address left.
        var networkId = await app.Host.IsolatedNetwork(TestAccount.Demo, "tiny", "192.168.6.0/30");
        var first = await app.Host.ServerOn(TestAccount.Demo, "tiny-first");
        var second = await app.Host.ServerOn(TestAccount.Demo, "tiny-second");
        var vif = await app.Host.AttachInterface(TestAccount.Demo, first, networkId);
        vif.Addresses().ShouldBe(["192.168.6.2"]);

        (await (await app.Host.PostInterface(TestAccount.Demo, second, networkId)).ShouldBeNovaFault(409, "conflictingRequest"))
            .ShouldContain("No more IP addresses");
        (await app.Host.ListInterfaces(TestAccount.Demo, second)).Count.ShouldBe(1);

        (await app.Host.DetachInterface(TestAccount.Demo, first, vif["id"].Str())).Status().ShouldBe(200);
        (await app.Host.AttachInterface(TestAccount.Demo, second, networkId)).Addresses().ShouldBe(["192.168.6.2"]);
    }

    [Fact]
    public async Task the_key_publicnet_is_stored_under_is_not_a_network()
    {
        var serverId = await app.Host.ServerOn(TestAccount.Demo, "stand-in", Scenarios.ServiceNet);

        var result = await app.Host.PostInterface(TestAccount.Demo, serverId, "00000000-0000-0000-0000-0000000000f0");

        (await result.ShouldBeNovaFault(400, "badRequest")).ShouldContain("could not be found");
        (await app.Host.ListInterfaces(TestAccount.Demo, serverId)).Count.ShouldBe(1);
    }
}
