using CloudNet.Tests.Support;
using CloudNet.Vpc.PrivateIps;
using Marten;

namespace CloudNet.Tests.Vpc;

/// <summary>A batch is all or nothing: when one item is refused, no address of the batch stays taken.</summary>
public class when_a_batch_fails(AppFixture app) : IClassFixture<AppFixture>
{
    static readonly TestAccount Demo = TestAccount.Demo;

    [Fact]
    public async Task a_second_item_asking_for_an_address_in_use_leaves_the_first_automatic_address_free()
    {
        var subnet = await app.Host.CreateVpcSubnet(Demo, "10.60.0.0/24");
        var taken = await app.Host.AssignOne(Demo, subnet, "10.60.0.17");
        var before = await app.Host.ListOk(Demo, subnet);

        (await app.Host.AssignPrivateIps(Demo, (subnet, null), (subnet, "10.60.0.17"))).ShouldBeHuaweiError(409, "VPC.0701");

        (await app.Host.ListOk(Demo, subnet)).Ids().ShouldBe(before.Ids());
        (await app.Host.AssignOne(Demo, subnet))["ip_address"].Str().ShouldBe("10.60.0.2", "the failed batch's automatic address is free again");
        (await app.Host.ShowPrivateIp(Demo, taken["id"].Str())).Status.ShouldBe(200);
    }

    [Fact]
    public async Task a_second_item_outside_the_subnet_leaves_the_first_automatic_address_free()
    {
        var subnet = await app.Host.CreateVpcSubnet(Demo, "10.61.0.0/24");

        (await app.Host.AssignPrivateIps(Demo, (subnet, null), (subnet, "192.168.99.1"))).ShouldBeHuaweiError(400, "VPC.0705");

        (await app.Host.ListOk(Demo, subnet)).ShouldBeEmpty();
        (await app.Host.AssignOne(Demo, subnet))["ip_address"].Str().ShouldBe("10.61.0.2");
    }

    [Fact]
    public async Task a_requested_address_of_a_failed_batch_can_be_requested_again()
    {
        var subnet = await app.Host.CreateVpcSubnet(Demo, "10.62.0.0/24");

        (await app.Host.AssignPrivateIps(Demo, (subnet, "10.62.0.40"), (subnet, "not-an-ip"))).ShouldBeHuaweiError(400, "VPC.0705");
        (await app.Host.AssignPrivateIps(Demo, (subnet, "10.62.0.41"), ("6f1b9c1e-6a0e-4c47-9a44-3e5d3f1f0a11", null)))
            .ShouldBeHuaweiError(404, "VPC.2204");

        (await app.Host.ListOk(Demo, subnet)).ShouldBeEmpty();
        (await app.Host.AssignOk(Demo, (subnet, "10.62.0.40"), (subnet, "10.62.0.41"))).Addresses().ShouldBe(["10.62.0.40", "10.62.0.41"]);
    }

    [Fact]
    public async Task a_failure_on_another_subnet_releases_the_addresses_taken_on_the_first()
    {
        var first = await app.Host.CreateVpcSubnet(Demo, "10.63.1.0/24", "first");
        var full = await app.Host.CreateVpcSubnet(Demo, "10.63.2.0/29", "full");
        await app.Host.AssignOk(Demo, Enumerable.Repeat((full, (string?)null), 5).ToArray());

        (await app.Host.AssignPrivateIps(Demo, (first, null), (first, "10.63.1.30"), (full, null))).ShouldBeHuaweiError(409, "VPC.0703");

        (await app.Host.ListOk(Demo, first)).ShouldBeEmpty();
        (await app.Host.AssignOk(Demo, (first, null), (first, "10.63.1.30"))).Addresses().ShouldBe(["10.63.1.2", "10.63.1.30"]);
    }

    [Fact]
    public async Task a_failed_batch_leaves_no_event_streams_behind()
    {
        var subnet = await app.Host.CreateVpcSubnet(Demo, "10.64.0.0/24");
        await app.Host.AssignOne(Demo, subnet, "10.64.0.9");
        await using var session = app.Host.DocumentStore().QuerySession();
        var before = await session.Events.QueryRawEventDataOnly<PrivateIpAssigned>().CountAsync();

        (await app.Host.AssignPrivateIps(Demo, (subnet, null), (subnet, null), (subnet, "10.64.0.9"))).ShouldBeHuaweiError(409, "VPC.0701");

        (await session.Events.QueryRawEventDataOnly<PrivateIpAssigned>().CountAsync())
            .ShouldBe(before);
    }
}
