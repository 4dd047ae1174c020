using CloudNet.Tests.Support;

namespace CloudNet.Tests.Compute;

public class when_deleting_servers(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task delete_is_204_without_a_body_then_the_server_is_404_and_unlisted()
    {
        var id = (await app.Host.CreateServer(TestAccount.Demo, "gone"))["id"].Str();

        var delete = await app.Host.As(TestAccount.Demo, x => x.Delete.Url($"/servers/{id}"));

        delete.Status().ShouldBe(204);
        (await delete.ReadAsTextAsync()).ShouldBeEmpty();
        await (await app.Host.As(TestAccount.Demo, x => x.Get.Url($"/servers/{id}"))).ShouldBeNovaFault(404, "itemNotFound");
        foreach (var url in new[] { "/servers", "/servers/detail" })
        {
            var list = await app.Host.As(TestAccount.Demo, x => x.Get.Url(url));
            (await list.Json())["servers"]!.AsArray().Select(s => s!["id"].Str()).ShouldNotContain(id);
        }
    }

    [Fact]
    public async Task deleting_twice_or_an_unknown_server_is_404()
    {
        var id = (await app.Host.CreateServer(TestAccount.Demo, "twice"))["id"].Str();
        (await app.Host.As(TestAccount.Demo, x => x.Delete.Url($"/servers/{id}"))).Status().ShouldBe(204);

        await (await app.Host.As(TestAccount.Demo, x => x.Delete.Url($"/servers/{id}"))).ShouldBeNovaFault(404, "itemNotFound");
        await (await app.Host.As(TestAccount.Demo, x => x.Delete.Url($"/servers/{Guid.NewGuid()}"))).ShouldBeNovaFault(404, "itemNotFound");
        await (await app.Host.As(TestAccount.Demo, x => x.Delete.Url("/servers/not-a-uuid"))).ShouldBeNovaFault(404, "itemNotFound");
    }

    [Fact]
    public async Task its_fixed_ips_go_back_to_the_network()
    {
        var networks = new[] { new { uuid = Scenarios.ServiceNet, fixed_ip = "10.176.99.9" } };
        var id = (await app.Host.CreateServer(TestAccount.Demo, "first-tenant-of-address", networks))["id"].Str();
        (await app.Host.As(TestAccount.Demo, x => x.Delete.Url($"/servers/{id}"))).Status().ShouldBe(204);

        var next = await app.Host.CreateServer(TestAccount.Demo, "next-tenant-of-address", networks);

        next.AddressEntries().Single().Addr.ShouldBe("10.176.99.9");
    }

    [Fact]
    public async Task its_floating_ip_stays_allocated_but_detached()
    {
        var id = (await app.Host.CreateServer(TestAccount.Demo, "with-floating"))["id"].Str();
        var ip = await app.Host.AllocateFloatingIp(TestAccount.Demo);
        (await app.Host.AddFloatingIp(TestAccount.Demo, id, ip["ip"].Str())).Status().ShouldBe(202);

        (await app.Host.As(TestAccount.Demo, x => x.Delete.Url($"/servers/{id}"))).Status().ShouldBe(204);

        var shown = await app.Host.ShowFloatingIp(TestAccount.Demo, ip["id"].Str());
        shown.Status().ShouldBe(200);
        var after = (await shown.Json())["floating_ip"]!;
        after["instance_id"].ShouldBeNull();
        after["fixed_ip"].ShouldBeNull();

        // and it can go onto another server
        var next = (await app.Host.CreateServer(TestAccount.Demo, "next-holder"))["id"].Str();
        (await app.Host.AddFloatingIp(TestAccount.Demo, next, ip["ip"].Str())).Status().ShouldBe(202);
    }

    [Fact]
    public async Task a_deleted_server_takes_no_actions()
    {
        var id = (await app.Host.CreateServer(TestAccount.Demo, "dead"))["id"].Str();
        var ip = await app.Host.AllocateFloatingIp(TestAccount.Demo);
        (await app.Host.As(TestAccount.Demo, x => x.Delete.Url($"/servers/{id}"))).Status().ShouldBe(204);

        await (await app.Host.AddFloatingIp(TestAccount.Demo, id, ip["ip"].Str())).ShouldBeNovaFault(404, "itemNotFound");
    }
}
