using System.Text.Json.Nodes;
using CloudNet.Tests.Support;

namespace CloudNet.Tests.Vpc;

/// <summary>A VPC subnet is a tenant network, whichever family made it; its private IPs keep it in use.</summary>
public class when_networks_hold_private_ips(AppFixture app) : IClassFixture<AppFixture>
{
    static readonly TestAccount Demo = TestAccount.Demo;
    const string PublicNet = "00000000-0000-0000-0000-000000000000";
    const string ServiceNet = "11111111-1111-1111-1111-111111111111";

    [Fact]
    public async Task a_subnet_made_through_v1_subnets_assigns_private_ips()
    {
        var vpc = await app.Host.Send(Demo, HttpMethod.Post, $"/v1/{Demo.TenantId}/vpcs",
            new JsonObject { ["vpc"] = new JsonObject { ["name"] = "vpc", ["cidr"] = "192.168.0.0/16" } }.ToJsonString());
        vpc.Status.ShouldBe(200, vpc.ToString());
        var created = await app.Host.Send(Demo, HttpMethod.Post, $"/v1/{Demo.TenantId}/subnets", new JsonObject
        {
            ["subnet"] = new JsonObject
            {
                ["name"] = "subnet", ["cidr"] = "192.168.1.0/24", ["gateway_ip"] = "192.168.1.1", ["vpc_id"] = vpc.Json["vpc"]!["id"].Str(),
            },
        }.ToJsonString());
        created.Status.ShouldBe(200, created.ToString());
        var subnet = created.Json["subnet"]!["id"].Str();

        var ips = await app.Host.AssignOk(Demo, (subnet, null), (subnet, "192.168.1.17"));

        ips[0]!.ShouldBeUnboundPrivateIp(Demo, subnet, "192.168.1.2");
        ips[1]!.ShouldBeUnboundPrivateIp(Demo, subnet, "192.168.1.17");
    }

    [Theory]
    [InlineData(PublicNet)]
    [InlineData(ServiceNet)]
    public async Task the_shared_well_known_networks_are_not_vpc_subnets(string networkId)
    {
        (await app.Host.AssignPrivateIps(Demo, (networkId, null))).ShouldBeHuaweiError(404, "VPC.2204");
        (await app.Host.ListPrivateIps(Demo, networkId)).ShouldBeHuaweiError(404, "VPC.2204");
    }

    [Fact]
    public async Task a_network_holding_a_private_ip_cannot_be_deleted_until_the_ip_is()
    {
        var subnet = await app.Host.CreateVpcSubnet(Demo, "10.95.0.0/24");
        var ip = await app.Host.AssignOne(Demo, subnet);

        (await app.Host.As(Demo, x => x.Delete.Url($"/os-networksv2/{subnet}"))).Status().ShouldBe(409);
        (await app.Host.As(Demo, x => x.Delete.Url($"/v2.0/networks/{subnet}"))).Status().ShouldBe(409);
        (await app.Host.ShowPrivateIp(Demo, ip["id"].Str())).Status.ShouldBe(200);

        (await app.Host.DeletePrivateIp(Demo, ip["id"].Str())).Status.ShouldBe(204);
        (await app.Host.As(Demo, x => x.Delete.Url($"/os-networksv2/{subnet}"))).Status().ShouldBe(202);
        (await app.Host.ListPrivateIps(Demo, subnet)).ShouldBeHuaweiError(404, "VPC.2204");
    }
}
