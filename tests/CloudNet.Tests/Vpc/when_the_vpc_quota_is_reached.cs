using CloudNet.Tests.Support;

namespace CloudNet.Tests.Vpc;

public sealed class OneVpcEach : AppFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Quotas:Vpcs"] = "1" };
}

/// <summary>The VPC quota (<c>Quotas:Vpcs</c>), decided in each create's commit, and what <c>GET /v1/{project}/quotas</c> says of it.</summary>
public class when_the_vpc_quota_is_reached(OneVpcEach app) : IClassFixture<OneVpcEach>
{
    [Fact]
    public async Task a_vpc_past_the_quota_is_409_vpc_0114_until_one_is_deleted()
    {
        var p = TestAccount.Demo.TenantId;
        var vpc = await app.Host.NewVpc(TestAccount.Demo, "10.81.0.0/16");
        (await app.Host.Send(TestAccount.Demo, HttpMethod.Post, $"/v1/{p}/vpcs", """{"vpc":{"name":"second","cidr":"10.82.0.0/16"}}"""))
            .ShouldBeHuaweiError(409, "VPC.0114");
        var quota = (await app.Host.Send(TestAccount.Demo, HttpMethod.Get, $"/v1/{p}/quotas?type=vpc")).Json["quotas"]!["resources"]![0]!;
        (quota["used"]!.GetValue<int>(), quota["quota"]!.GetValue<int>()).ShouldBe((1, 1));
        (await app.Host.NewVpc(TestAccount.Other, "10.83.0.0/16")).ShouldNotBeNullOrEmpty("the quota is each project's");

        (await app.Host.Send(TestAccount.Demo, HttpMethod.Delete, $"/v1/{p}/vpcs/{vpc}")).Status.ShouldBe(204);
        await app.Host.NewVpc(TestAccount.Demo, "10.82.0.0/16", "second");
    }
}
