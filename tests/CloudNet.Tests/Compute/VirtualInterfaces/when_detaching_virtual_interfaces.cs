using CloudNet.Tests.Networks.Routers;
using CloudNet.Tests.Support;
using static CloudNet.Tests.Compute.VirtualInterfaces.VirtualInterfaceScenarios;

namespace CloudNet.Tests.Compute.VirtualInterfaces;

/// <summary><c>DELETE /servers/{id}/os-virtual-interfacesv2/{vif}</c>: 200 with an empty body; the interface is gone,
/// its addresses go back to the network and a floating IP mapped through it is disassociated.</summary>
public class when_detaching_virtual_interfaces(RoomyQuota app) : IClassFixture<RoomyQuota>
{
    [Theory]
    [InlineData("")]
    [InlineData("/v2/7a3c5e0f9b2d4c6e8f1a3b5c7d9e0f12")]
    public async Task detach_is_200_with_an_empty_body_and_the_interface_is_no_longer_listed(string prefix)
    {
        var networkId = await app.Host.IsolatedNetwork(TestAccount.Demo, "detached", $"192.168.{(prefix == "" ? 20 : 21)}.0/24");
        var serverId = await app.Host.ServerOn(TestAccount.Demo, "detached");
        var vif = await app.Host.AttachInterface(TestAccount.Demo, serverId, networkId);
        var booted = (await app.Host.ListInterfaces(TestAccount.Demo, serverId)).Where(v => v!["id"].Str() != vif["id"].Str())
            .Select(v => v!.ToJsonString()).ToList();

        var result = await app.Host.DetachInterface(TestAccount.Demo, serverId, vif["id"].Str(), prefix);

        result.Status().ShouldBe(200, await result.ReadAsTextAsync());
        (await result.ReadAsTextAsync()).ShouldBeEmpty();
        result.Context.Response.ContentLength.ShouldBe(0);
        result.Header("X-Compute-Request-Id").ShouldNotBeNullOrWhiteSpace();
        (await app.Host.ListInterfaces(TestAccount.Demo, serverId)).Select(v => v!.ToJsonString()).ShouldBe(booted);
        (await app.Host.ShowServer(TestAccount.Demo, serverId)).AddressEntries().ShouldNotContain(a => a.Label == "detached");
        (await app.LeasesOf(vif["id"].Str())).ShouldBeEmpty();
    }

    [Fact]
    public async Task the_address_goes_back_and_the_next_attach_on_the_network_gets_it()
    {
        var networkId = await app.Host.IsolatedNetwork(TestAccount.Demo, "recycled", "192.168.22.0/24");
        var serverId = await app.Host.ServerOn(TestAccount.Demo, "recycled");
        var vif = await app.Host.AttachInterface(TestAccount.Demo, serverId, networkId);
        vif.Addresses().ShouldBe(["192.168.22.2"]);

        (await app.Host.DetachInterface(TestAccount.Demo, serverId, vif["id"].Str())).Status().ShouldBe(200);

        // Another server, then the same one again: both times the address comes back.
        var other = await app.Host.ServerOn(TestAccount.Demo, "recycled-next");
        var next = await app.Host.AttachInterface(TestAccount.Demo, other, networkId);
        next.Addresses().ShouldBe(["192.168.22.2"]);
        next["id"].Str().ShouldNotBe(vif["id"].Str());
        next["mac_address"].Str().ShouldNotBe(vif["mac_address"].Str(), "MACs of detached interfaces are not reused");
        (await app.Host.DetachInterface(TestAccount.Demo, other, next["id"].Str())).Status().ShouldBe(200);
        (await app.Host.AttachInterface(TestAccount.Demo, serverId, networkId)).Addresses().ShouldBe(["192.168.22.2"]);
    }

    [Fact]
    public async Task a_boot_interface_can_be_detached_too()
    {
        var serverId = (await app.Host.CreateServer(TestAccount.Demo, "drop-public"))["id"].Str();
        var publicVif = (await app.Host.ListInterfaces(TestAccount.Demo, serverId))
            .Single(v => v!["ip_addresses"]![0]!["network_id"].Str() == Scenarios.PublicNet)!;

        (await app.Host.DetachInterface(TestAccount.Demo, serverId, publicVif["id"].Str())).Status().ShouldBe(200);

        var left = (await app.Host.ListInterfaces(TestAccount.Demo, serverId)).ShouldHaveSingleItem()!;
        left["ip_addresses"]![0]!["network_label"].Str().ShouldBe("private");
        (await app.Host.ShowServer(TestAccount.Demo, serverId)).AddressEntries().ShouldAllBe(a => a.Label == "private");
        (await app.LeasesOf(publicVif["id"].Str())).ShouldBeEmpty();
        // PublicNet's address history (each address's own stream) records both addresses going back.
        var released = (await app.Host.AddressEvents(Guid.Empty))
            .Select(e => e.Data).OfType<CloudNet.Networks.NetworkAddressReleased>()
            .Where(r => r.HolderId == Guid.Parse(publicVif["id"].Str())).ToList();
        released.Select(r => r.Address).Order().ShouldBe(publicVif.Addresses().Order());
        released.ShouldAllBe(r => r.NetworkId == Guid.Empty);
        // And PublicNet can be attached again.
        (await app.Host.AttachInterface(TestAccount.Demo, serverId, Scenarios.PublicNet))["ip_addresses"]!.AsArray().Count.ShouldBe(2);
    }

    [Fact]
    public async Task detaching_twice_an_unknown_vif_or_another_servers_vif_is_404_item_not_found()
    {
        var networkId = await app.Host.IsolatedNetwork(TestAccount.Demo, "not-found", "192.168.23.0/24");
        var serverId = await app.Host.ServerOn(TestAccount.Demo, "not-found");
        var otherServer = await app.Host.ServerOn(TestAccount.Demo, "not-found-other");
        var vif = await app.Host.AttachInterface(TestAccount.Demo, serverId, networkId);
        var othersVif = await app.Host.AttachInterface(TestAccount.Demo, otherServer, networkId);

        foreach (var vifId in new[] { Guid.NewGuid().ToString(), othersVif["id"].Str(), "not-a-uuid" })
            await (await app.Host.DetachInterface(TestAccount.Demo, serverId, vifId)).ShouldBeNovaFault(404, "itemNotFound");
        await (await app.Host.DetachInterface(TestAccount.Demo, Guid.NewGuid().ToString(), vif["id"].Str())).ShouldBeNovaFault(404, "itemNotFound");

        (await app.Host.DetachInterface(TestAccount.Demo, serverId, vif["id"].Str())).Status().ShouldBe(200);
        await (await app.Host.DetachInterface(TestAccount.Demo, serverId, vif["id"].Str())).ShouldBeNovaFault(404, "itemNotFound");

        // The other server's interface was untouched by all this.
        (await app.Host.ListInterfaces(TestAccount.Demo, otherServer)).Select(v => v!["id"].Str()).ShouldContain(othersVif["id"].Str());
        (await app.LeasesOf(othersVif["id"].Str())).ShouldBe(othersVif.Addresses());
    }

    [Fact]
    public async Task detaching_the_interface_a_floating_ip_maps_to_disassociates_the_floating_ip()
    {
        var networkId = await app.Host.IsolatedNetwork(TestAccount.Demo, "floating-through", "192.168.24.0/24");
        var serverId = await app.Host.ServerOn(TestAccount.Demo, "floating-through");
        var vif = await app.Host.AttachInterface(TestAccount.Demo, serverId, networkId);
        var fixedAddress = vif.Addresses().Single();
        var ip = await app.Host.AllocateFloatingIp(TestAccount.Demo);
        await app.Host.RouteToDefaultPool(TestAccount.Demo, networkId); // a fixed IP on a tenant network is reached through a router
        (await app.Host.AddFloatingIp(TestAccount.Demo, serverId, ip["ip"].Str(), fixedAddress)).Status().ShouldBe(202);
        (await (await app.Host.ShowFloatingIp(TestAccount.Demo, ip["id"].Str())).Json())["floating_ip"]!["fixed_ip"].Str().ShouldBe(fixedAddress);

        (await app.Host.DetachInterface(TestAccount.Demo, serverId, vif["id"].Str())).Status().ShouldBe(200);

        var shown = await app.Host.ShowFloatingIp(TestAccount.Demo, ip["id"].Str());
        shown.Status().ShouldBe(200, "the floating IP stays allocated");
        var after = (await shown.Json())["floating_ip"]!;
        after["instance_id"].ShouldBeNull();
        after["fixed_ip"].ShouldBeNull();
        (await app.Host.ShowServer(TestAccount.Demo, serverId)).AddressEntries().ShouldNotContain(a => a.Type == "floating");
        // It can be mapped again, here to the server's remaining address.
        (await app.Host.AddFloatingIp(TestAccount.Demo, serverId, ip["ip"].Str())).Status().ShouldBe(202);
    }

    [Fact]
    public async Task detaching_another_interface_leaves_the_floating_ip_where_it_is()
    {
        var networkId = await app.Host.IsolatedNetwork(TestAccount.Demo, "floating-elsewhere", "192.168.25.0/24");
        var serverId = await app.Host.ServerOn(TestAccount.Demo, "floating-elsewhere");
        var boot = (await app.Host.ListInterfaces(TestAccount.Demo, serverId)).Single()!;
        var vif = await app.Host.AttachInterface(TestAccount.Demo, serverId, networkId);
        var ip = await app.Host.AllocateFloatingIp(TestAccount.Demo);
        (await app.Host.AddFloatingIp(TestAccount.Demo, serverId, ip["ip"].Str(), boot.Addresses().Single())).Status().ShouldBe(202);

        (await app.Host.DetachInterface(TestAccount.Demo, serverId, vif["id"].Str())).Status().ShouldBe(200);

        var after = (await (await app.Host.ShowFloatingIp(TestAccount.Demo, ip["id"].Str())).Json())["floating_ip"]!;
        after["instance_id"].Str().ShouldBe(serverId);
        after["fixed_ip"].Str().ShouldBe(boot.Addresses().Single());
        (await app.Host.ShowServer(TestAccount.Demo, serverId)).AddressEntries().ShouldContain(a => a.Type == "floating" && a.Addr == ip["ip"].Str());
    }

    [Fact]
    public async Task a_server_can_lose_every_interface_and_then_lists_none()
    {
        var serverId = (await app.Host.CreateServer(TestAccount.Demo, "bare"))["id"].Str();

        foreach (var vif in await app.Host.ListInterfaces(TestAccount.Demo, serverId))
            (await app.Host.DetachInterface(TestAccount.Demo, serverId, vif!["id"].Str())).Status().ShouldBe(200);

        var list = await app.Host.GetInterfaces(TestAccount.Demo, serverId);
        list.Status().ShouldBe(200);
        (await list.ReadAsTextAsync()).ShouldBe("""{"virtual_interfaces":[]}""");
        (await app.Host.ShowServer(TestAccount.Demo, serverId)).AddressEntries().ShouldBeEmpty();
        // Without a fixed IPv4 a floating IP has nothing to map to.
        var ip = await app.Host.AllocateFloatingIp(TestAccount.Demo);
        await (await app.Host.AddFloatingIp(TestAccount.Demo, serverId, ip["ip"].Str())).ShouldBeNovaFault(400, "badRequest");
    }

    [Fact]
    public async Task a_deleted_servers_interfaces_are_404()
    {
        var networkId = await app.Host.IsolatedNetwork(TestAccount.Demo, "deleted-server", "192.168.26.0/24");
        var serverId = await app.Host.ServerOn(TestAccount.Demo, "deleted-server");
        var vif = await app.Host.AttachInterface(TestAccount.Demo, serverId, networkId);
        (await app.Host.As(TestAccount.Demo, x => x.Delete.Url($"/servers/{serverId}"))).Status().ShouldBe(204);

        await (await app.Host.DetachInterface(TestAccount.Demo, serverId, vif["id"].Str())).ShouldBeNovaFault(404, "itemNotFound");
        await (await app.Host.PostInterface(TestAccount.Demo, serverId, networkId)).ShouldBeNovaFault(404, "itemNotFound");
        await (await app.Host.GetInterfaces(TestAccount.Demo, serverId)).ShouldBeNovaFault(404, "itemNotFound");
        (await app.LeasesOf(vif["id"].Str())).ShouldBeEmpty();
    }
}
