using CloudNet.Tests.Support;

namespace CloudNet.Tests.Vpc;

/// <summary>Another project's private IPs and networks answer exactly as missing ones.</summary>
public class when_tenants_meet(AppFixture app) : IClassFixture<AppFixture>
{
    static readonly TestAccount Demo = TestAccount.Demo;
    static readonly TestAccount Other = TestAccount.Other;

    [Fact]
    public async Task another_tenants_private_ip_is_404_vpc_0704_on_show_and_delete()
    {
        var subnet = await app.Host.CreateVpcSubnet(Demo, "10.80.0.0/24");
        var id = (await app.Host.AssignOne(Demo, subnet))["id"].Str();

        var shown = (await app.Host.ShowPrivateIp(Other, id)).ShouldBeHuaweiError(404, "VPC.0704");
        (await app.Host.DeletePrivateIp(Other, id)).ShouldBeHuaweiError(404, "VPC.0704");

        var missingId = Guid.NewGuid().ToString();
        var missing = (await app.Host.ShowPrivateIp(Other, missingId)).ShouldBeHuaweiError(404, "VPC.0704");
        shown.Replace(id, "{id}").ShouldBe(missing.Replace(missingId, "{id}"), "another tenant's IP reads exactly as a missing one");
        (await app.Host.ShowPrivateIp(Demo, id)).Status.ShouldBe(200, "the owner still has it");
    }

    [Fact]
    public async Task another_tenants_network_is_404_vpc_2204_on_list_and_assign()
    {
        var subnet = await app.Host.CreateVpcSubnet(Demo, "10.81.0.0/24");
        await app.Host.AssignOne(Demo, subnet, "10.81.0.5");

        (await app.Host.ListPrivateIps(Other, subnet)).ShouldBeHuaweiError(404, "VPC.2204");
        (await app.Host.AssignPrivateIps(Other, (subnet, null))).ShouldBeHuaweiError(404, "VPC.2204");
        (await app.Host.AssignPrivateIps(Other, (subnet, "10.81.0.6"))).ShouldBeHuaweiError(404, "VPC.2204");
        (await app.Host.AssignPrivateIps(Other, (subnet, "10.81.0.5"))).ShouldBeHuaweiError(404, "VPC.2204");

        (await app.Host.ListOk(Demo, subnet)).Addresses().ShouldBe(["10.81.0.5"]);
    }

    [Fact]
    public async Task the_same_cidr_in_two_tenants_networks_is_two_address_spaces()
    {
        var mine = await app.Host.CreateVpcSubnet(Demo, "10.82.0.0/24");
        var theirs = await app.Host.CreateVpcSubnet(Other, "10.82.0.0/24");

        var a = await app.Host.AssignOne(Demo, mine, "10.82.0.10");
        var b = await app.Host.AssignOne(Other, theirs, "10.82.0.10");

        a.ShouldBeUnboundPrivateIp(Demo, mine, "10.82.0.10");
        b.ShouldBeUnboundPrivateIp(Other, theirs, "10.82.0.10");
        (await app.Host.ListOk(Other, theirs)).Ids().ShouldBe([b["id"].Str()]);
    }

    [Fact]
    public async Task a_project_id_in_the_path_that_is_not_the_callers_is_400_vpc_0007()
    {
        var subnet = await app.Host.CreateVpcSubnet(Demo, "10.83.0.0/24");
        var id = (await app.Host.AssignOne(Demo, subnet))["id"].Str();
        var foreign = Other.TenantId;

        (await app.Host.Send(Demo, HttpMethod.Post, $"/v1/{foreign}/privateips", VpcScenarios.Body((subnet, null))))
            .ShouldBeHuaweiError(400, "VPC.0007");
        (await app.Host.Send(Demo, HttpMethod.Get, $"/v1/{foreign}/privateips/{id}")).ShouldBeHuaweiError(400, "VPC.0007");
        (await app.Host.Send(Demo, HttpMethod.Get, $"/v1/{foreign}/subnets/{subnet}/privateips")).ShouldBeHuaweiError(400, "VPC.0007");
        (await app.Host.Send(Demo, HttpMethod.Delete, $"/v1/{foreign}/privateips/{id}")).ShouldBeHuaweiError(400, "VPC.0007");
        (await app.Host.Send(Demo, HttpMethod.Get, $"/v1/not-a-project/privateips/{id}")).ShouldBeHuaweiError(400, "VPC.0007");

        (await app.Host.ShowPrivateIp(Demo, id)).Status.ShouldBe(200, "nothing was deleted through the foreign path");
        (await app.Host.ListOk(Demo, subnet)).Count.ShouldBe(1, "nothing was assigned through the foreign path");
    }
}
