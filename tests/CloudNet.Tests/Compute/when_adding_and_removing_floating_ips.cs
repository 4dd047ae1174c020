using System.Text.Json.Nodes;
using CloudNet.Tests.Support;

namespace CloudNet.Tests.Compute;

public class when_adding_and_removing_floating_ips(RoomyQuota app) : IClassFixture<RoomyQuota>
{
    async Task<(string ServerId, JsonNode Server, string Id, string Address)> ServerAndIp(string name)
    {
        var server = await app.Host.CreateServer(TestAccount.Demo, name);
        var ip = await app.Host.AllocateFloatingIp(TestAccount.Demo);
        return (server["id"].Str(), server, ip["id"].Str(), ip["ip"].Str());
    }

    async Task<JsonNode> Show(string idOrAddress)
    {
        var result = await app.Host.ShowFloatingIp(TestAccount.Demo, idOrAddress);
        result.Status().ShouldBe(200);
        return (await result.Json())["floating_ip"]!;
    }

    [Fact]
    public async Task add_is_202_with_an_empty_body_and_fills_fixed_ip_and_instance_id()
    {
        var (serverId, server, id, address) = await ServerAndIp("add");
        var publicV4 = server.AddressEntries().Single(a => a.Label == "public" && a.Version == 4).Addr;

        var add = await app.Host.AddFloatingIp(TestAccount.Demo, serverId, address);

        add.Status().ShouldBe(202);
        (await add.ReadAsTextAsync()).ShouldBeEmpty();
        var shown = await Show(id);
        shown["instance_id"].Str().ShouldBe(serverId);
        shown["fixed_ip"].Str().ShouldBe(publicV4, "without fixed_address, the server's first fixed IPv4");
        var listed = (await app.Host.ListFloatingIps(TestAccount.Demo)).Single(ip => ip!["id"].Str() == id)!;
        listed["instance_id"].Str().ShouldBe(serverId);
        listed["fixed_ip"].Str().ShouldBe(publicV4);
    }

    [Fact]
    public async Task while_attached_the_server_lists_the_address_as_floating_beside_its_fixed_ip()
    {
        var (serverId, _, _, address) = await ServerAndIp("shown");
        (await app.Host.AddFloatingIp(TestAccount.Demo, serverId, address)).Status().ShouldBe(202);

        var server = await app.Host.ShowServer(TestAccount.Demo, serverId);

        var floating = server.AddressEntries().Where(a => a.Type == "floating").ToList();
        floating.ShouldBe([("public", address, 4, "floating")]);
        var detail = await app.Host.As(TestAccount.Demo, x => x.Get.Url("/servers/detail"));
        var listed = (await detail.Json())["servers"]!.AsArray().Single(s => s!["id"].Str() == serverId)!;
        listed.AddressEntries().ShouldContain(("public", address, 4, "floating"));
    }

    [Fact]
    public async Task a_fixed_address_of_the_server_is_honoured()
    {
        var (serverId, server, id, address) = await ServerAndIp("fixed-address");
        var privateIp = server.AddressEntries().Single(a => a.Label == "private").Addr;

        (await app.Host.AddFloatingIp(TestAccount.Demo, serverId, address, privateIp)).Status().ShouldBe(202);

        (await Show(address))["fixed_ip"].Str().ShouldBe(privateIp);
        (await Show(id))["instance_id"].Str().ShouldBe(serverId);
        (await app.Host.ShowServer(TestAccount.Demo, serverId)).AddressEntries()
            .Where(a => a.Type == "floating").ShouldBe([("private", address, 4, "floating")]);
    }

    [Fact]
    public async Task a_fixed_address_that_is_not_the_servers_is_400()
    {
        var (serverId, _, id, address) = await ServerAndIp("wrong-fixed");

        var result = await app.Host.AddFloatingIp(TestAccount.Demo, serverId, address, "10.176.255.254");

        (await result.ShouldBeNovaFault(400, "badRequest")).ShouldContain("fixed address");
        (await Show(id))["instance_id"].ShouldBeNull();
    }

    [Fact]
    public async Task a_server_without_a_fixed_ipv4_cannot_take_a_floating_ip()
    {
        var serverId = (await app.Host.CreateServer(TestAccount.Demo, "unaddressed", "none"))["id"].Str();
        var ip = await app.Host.AllocateFloatingIp(TestAccount.Demo);

        var result = await app.Host.AddFloatingIp(TestAccount.Demo, serverId, ip["ip"].Str());

        (await result.ShouldBeNovaFault(400, "badRequest")).ShouldContain("fixed IPv4");
        (await Show(ip["id"].Str()))["instance_id"].ShouldBeNull();
    }

    [Fact]
    public async Task adding_an_ip_that_is_already_on_the_same_server_is_400()
    {
        var (serverId, _, _, address) = await ServerAndIp("same-twice");
        (await app.Host.AddFloatingIp(TestAccount.Demo, serverId, address)).Status().ShouldBe(202);

        var again = await app.Host.AddFloatingIp(TestAccount.Demo, serverId, address);

        await again.ShouldBeNovaFault(400, "badRequest");
    }

    [Fact]
    public async Task adding_an_ip_that_is_on_another_server_is_400_and_leaves_it_there()
    {
        var (firstId, _, id, address) = await ServerAndIp("first-holder");
        var secondId = (await app.Host.CreateServer(TestAccount.Demo, "second-holder"))["id"].Str();
        (await app.Host.AddFloatingIp(TestAccount.Demo, firstId, address)).Status().ShouldBe(202);

        var steal = await app.Host.AddFloatingIp(TestAccount.Demo, secondId, address);

        (await steal.ShouldBeNovaFault(400, "badRequest")).ShouldContain("already associated");
        (await Show(id))["instance_id"].Str().ShouldBe(firstId);
        (await app.Host.ShowServer(TestAccount.Demo, secondId)).AddressEntries().ShouldAllBe(a => a.Type == "fixed");
    }

    [Fact]
    public async Task a_server_takes_one_floating_ip_at_a_time()
    {
        var (serverId, _, _, address) = await ServerAndIp("one-only");
        var second = await app.Host.AllocateFloatingIp(TestAccount.Demo);
        (await app.Host.AddFloatingIp(TestAccount.Demo, serverId, address)).Status().ShouldBe(202);

        var result = await app.Host.AddFloatingIp(TestAccount.Demo, serverId, second["ip"].Str());

        await result.ShouldBeNovaFault(400, "badRequest");
        (await Show(second["id"].Str()))["instance_id"].ShouldBeNull();
    }

    [Fact]
    public async Task remove_is_202_with_an_empty_body_and_clears_the_association_everywhere()
    {
        var (serverId, _, id, address) = await ServerAndIp("remove");
        (await app.Host.AddFloatingIp(TestAccount.Demo, serverId, address)).Status().ShouldBe(202);

        var remove = await app.Host.RemoveFloatingIp(TestAccount.Demo, serverId, address);

        remove.Status().ShouldBe(202);
        (await remove.ReadAsTextAsync()).ShouldBeEmpty();
        var shown = await Show(id);
        shown["instance_id"].ShouldBeNull();
        shown["fixed_ip"].ShouldBeNull();
        (await app.Host.ShowServer(TestAccount.Demo, serverId)).AddressEntries().Select(a => a.Addr).ShouldNotContain(address);

        // and it can be added again
        (await app.Host.AddFloatingIp(TestAccount.Demo, serverId, address)).Status().ShouldBe(202);
    }

    [Fact]
    public async Task removing_an_ip_that_is_not_attached_is_409_conflicting_request()
    {
        var (serverId, _, _, address) = await ServerAndIp("not-attached");

        var result = await app.Host.RemoveFloatingIp(TestAccount.Demo, serverId, address);

        (await result.ShouldBeNovaFault(409, "conflictingRequest")).ShouldContain("not associated");
    }

    [Fact]
    public async Task removing_an_ip_from_a_server_it_is_not_on_is_409_and_leaves_it_attached()
    {
        var (holderId, _, id, address) = await ServerAndIp("real-holder");
        var otherId = (await app.Host.CreateServer(TestAccount.Demo, "bystander"))["id"].Str();
        (await app.Host.AddFloatingIp(TestAccount.Demo, holderId, address)).Status().ShouldBe(202);

        var result = await app.Host.RemoveFloatingIp(TestAccount.Demo, otherId, address);

        await result.ShouldBeNovaFault(409, "conflictingRequest");
        (await Show(id))["instance_id"].Str().ShouldBe(holderId);
    }

    [Fact]
    public async Task an_unknown_server_is_404()
    {
        var ip = await app.Host.AllocateFloatingIp(TestAccount.Demo);

        await (await app.Host.AddFloatingIp(TestAccount.Demo, Guid.NewGuid().ToString(), ip["ip"].Str())).ShouldBeNovaFault(404, "itemNotFound");
        await (await app.Host.RemoveFloatingIp(TestAccount.Demo, Guid.NewGuid().ToString(), ip["ip"].Str())).ShouldBeNovaFault(404, "itemNotFound");
    }

    [Fact]
    public async Task an_unknown_address_is_404()
    {
        var serverId = (await app.Host.CreateServer(TestAccount.Demo, "no-such-ip"))["id"].Str();

        await (await app.Host.AddFloatingIp(TestAccount.Demo, serverId, "203.0.113.250")).ShouldBeNovaFault(404, "itemNotFound");
        await (await app.Host.RemoveFloatingIp(TestAccount.Demo, serverId, "203.0.113.250")).ShouldBeNovaFault(404, "itemNotFound");
    }

    [Fact]
    public async Task a_missing_address_is_400()
    {
        var serverId = (await app.Host.CreateServer(TestAccount.Demo, "no-address"))["id"].Str();

        await (await app.Host.ServerAction(TestAccount.Demo, serverId, new { addFloatingIp = new { } })).ShouldBeNovaFault(400, "badRequest");
        await (await app.Host.ServerAction(TestAccount.Demo, serverId, new { removeFloatingIp = new { } })).ShouldBeNovaFault(400, "badRequest");
        await (await app.Host.ServerAction(TestAccount.Demo, serverId, new { addFloatingIp = new { address = "" } })).ShouldBeNovaFault(400, "badRequest");
    }

    [Fact]
    public async Task an_action_body_without_exactly_one_known_action_is_400()
    {
        var (serverId, _, _, address) = await ServerAndIp("bad-actions");

        await (await app.Host.ServerAction(TestAccount.Demo, serverId, new { reboot = new { type = "SOFT" } })).ShouldBeNovaFault(400, "badRequest");
        await (await app.Host.ServerAction(TestAccount.Demo, serverId,
            new { addFloatingIp = new { address }, removeFloatingIp = new { address } })).ShouldBeNovaFault(400, "badRequest");
    }

    [Fact]
    public async Task actions_work_under_the_tenant_prefix_and_with_an_empty_accept_header()
    {
        var (serverId, _, id, address) = await ServerAndIp("sdk-style");
        var url = $"/v2/{TestAccount.Demo.TenantId}/servers/{serverId}/action";

        var add = await app.Host.As(TestAccount.Demo, x =>
        {
            x.Post.Json(new { addFloatingIp = new { address } }).ToUrl(url);
            x.WithRequestHeader("Accept", "");
        });
        add.Status().ShouldBe(202);
        (await Show(id))["instance_id"].Str().ShouldBe(serverId);

        var remove = await app.Host.As(TestAccount.Demo, x =>
        {
            x.Post.Json(new { removeFloatingIp = new { address } }).ToUrl(url);
            x.WithRequestHeader("Accept", "");
        });
        remove.Status().ShouldBe(202);
        (await Show(id))["instance_id"].ShouldBeNull();
    }
}
