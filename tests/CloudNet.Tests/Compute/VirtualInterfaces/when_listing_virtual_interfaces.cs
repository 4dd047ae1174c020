using System.Net;
using CloudNet.Tests.Networks;
using CloudNet.Tests.Support;
using static CloudNet.Tests.Compute.VirtualInterfaces.VirtualInterfaceScenarios;

namespace CloudNet.Tests.Compute.VirtualInterfaces;

/// <summary><c>GET /servers/{id}/os-virtual-interfacesv2</c>: the interfaces the server booted with (PublicNet, ServiceNet,
/// or the networks it asked for) and those attached since.</summary>
public class when_listing_virtual_interfaces(AppFixture app) : IClassFixture<AppFixture>
{
    static bool Within(string cidr, string address) => IPNetwork.Parse(cidr).Contains(IPAddress.Parse(address));

    [Theory]
    [InlineData("")]
    [InlineData("/v2/7a3c5e0f9b2d4c6e8f1a3b5c7d9e0f12")]
    public async Task a_server_booted_with_defaults_lists_publicnet_with_v4_and_v6_and_servicenet(string prefix)
    {
        var server = await app.Host.CreateServer(TestAccount.Demo, "defaults");

        var result = await app.Host.GetInterfaces(TestAccount.Demo, server["id"].Str(), prefix);

        var text = await result.ReadAsTextAsync();
        result.Status().ShouldBe(200, text);
        result.Context.Response.ContentType.ShouldNotBeNull().ShouldStartWith("application/json");
        result.Header("X-Compute-Request-Id").ShouldNotBeNullOrWhiteSpace();
        var body = await result.Json();
        body.Keys().ShouldBe(["virtual_interfaces"]);
        var vifs = body["virtual_interfaces"]!.AsArray();
        vifs.Count.ShouldBe(2, text);
        foreach (var vif in vifs)
        {
            vif!.Keys().Order().ToList().ShouldBe(new List<string> { "id", "ip_addresses", "mac_address" }, customMessage: text);
            vif!["mac_address"].Str().ShouldMatch(MacFormat().ToString());
            foreach (var ip in vif["ip_addresses"]!.AsArray()) ip!.Keys().Order().ToList().ShouldBe(new List<string> { "address", "network_id", "network_label" }, customMessage: text);
        }

        var publicNet = vifs.Single(v => v!["ip_addresses"]![0]!["network_id"].Str() == Scenarios.PublicNet)!;
        var publicIps = publicNet["ip_addresses"]!.AsArray();
        publicIps.Count.ShouldBe(2, text);
        publicIps.ShouldAllBe(ip => ip!["network_label"].Str() == "public");
        publicIps.Count(ip => Within("198.51.100.0/24", ip!["address"].Str())).ShouldBe(1, text);
        publicIps.Count(ip => Within("2001:db8:100::/64", ip!["address"].Str())).ShouldBe(1, text);

        var serviceNet = vifs.Single(v => v!["ip_addresses"]![0]!["network_id"].Str() == Scenarios.ServiceNet)!;
        var privateIp = serviceNet["ip_addresses"]!.AsArray().ShouldHaveSingleItem()!;
        privateIp["network_label"].Str().ShouldBe("private");
        Within("10.176.0.0/16", privateIp["address"].Str()).ShouldBeTrue(text);

        // They are the addresses the server shows.
        var shown = server.AddressEntries().Select(a => a.Addr).Order();
        vifs.SelectMany(v => v!.Addresses()).Order().ShouldBe(shown);
    }

    [Fact]
    public async Task attached_interfaces_are_listed_after_the_boot_ones()
    {
        var first = await app.Host.IsolatedNetwork(TestAccount.Demo, "first-attached", "192.168.10.0/24");
        var second = await app.Host.IsolatedNetwork(TestAccount.Demo, "second-attached", "192.168.11.0/24");
        var serverId = (await app.Host.CreateServer(TestAccount.Demo, "growing"))["id"].Str();
        var booted = await app.Host.ListInterfaces(TestAccount.Demo, serverId);

        var a = await app.Host.AttachInterface(TestAccount.Demo, serverId, first);
        var b = await app.Host.AttachInterface(TestAccount.Demo, serverId, second);

        var listed = await app.Host.ListInterfaces(TestAccount.Demo, serverId);
        listed.Select(v => v!.ToJsonString()).ShouldBe([.. booted.Select(v => v!.ToJsonString()), a.ToJsonString(), b.ToJsonString()]);
        listed.Select(v => v!["id"].Str()).ShouldBeUnique();
    }

    [Fact]
    public async Task a_server_booted_on_an_isolated_network_lists_it_with_its_label()
    {
        var networkId = await app.Host.IsolatedNetwork(TestAccount.Demo, "boot-isolated", "192.168.12.0/24");
        var serverId = await app.Host.ServerOn(TestAccount.Demo, "boot-isolated", networkId);

        var vif = (await app.Host.ListInterfaces(TestAccount.Demo, serverId)).ShouldHaveSingleItem()!;

        vif["ip_addresses"]!.ToJsonString().ShouldBe($$"""[{"address":"192.168.12.2","network_id":"{{networkId}}","network_label":"boot-isolated"}]""");
    }

    [Fact]
    public async Task a_deleted_or_unknown_server_is_404_item_not_found()
    {
        var serverId = await app.Host.ServerOn(TestAccount.Demo, "deleted");
        (await app.Host.As(TestAccount.Demo, x => x.Delete.Url($"/servers/{serverId}"))).Status().ShouldBe(204);

        foreach (var id in new[] { serverId, Guid.NewGuid().ToString(), "not-a-uuid" })
            await (await app.Host.GetInterfaces(TestAccount.Demo, id)).ShouldBeNovaFault(404, "itemNotFound");
    }
}
