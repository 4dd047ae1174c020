using CloudNet.Tests.Support;

namespace CloudNet.Tests.Vpc;

/// <summary>
/// Every documented private-IP code by a real request, in Huawei's body
/// (<c>{"code","message","error_code","error_msg"}</c>), and a 4xx (never a 5xx) for whatever else a client sends.
/// </summary>
public class when_refusing_requests(AppFixture app) : IClassFixture<AppFixture>
{
    static readonly TestAccount Demo = TestAccount.Demo;
    static readonly string Assign = $"/v1/{Demo.TenantId}/privateips";

    // ---- VPC.0701: the requested address is in use ----

    [Fact]
    public async Task a_requested_address_in_use_is_409_vpc_0701()
    {
        var subnet = await app.Host.CreateVpcSubnet(Demo, "10.40.0.0/24");
        await app.Host.AssignOne(Demo, subnet, "10.40.0.17");

        var message = (await app.Host.AssignPrivateIps(Demo, (subnet, "10.40.0.17"))).ShouldBeHuaweiError(409, "VPC.0701");

        message.ShouldContain("10.40.0.17");
    }

    [Fact]
    public async Task the_same_address_twice_in_one_batch_is_409_vpc_0701()
    {
        var subnet = await app.Host.CreateVpcSubnet(Demo, "10.41.0.0/24");

        (await app.Host.AssignPrivateIps(Demo, (subnet, "10.41.0.8"), (subnet, "10.41.0.8"))).ShouldBeHuaweiError(409, "VPC.0701");

        (await app.Host.ListOk(Demo, subnet)).ShouldBeEmpty();
    }

    // ---- VPC.0705: the address is not one of the subnet's ----

    [Theory]
    [InlineData("192.168.2.17")]       // outside the CIDR
    [InlineData("10.0.0.5")]
    [InlineData("2001:db8::5")]        // another IP version
    [InlineData("10.42.0.0")]          // the network address
    [InlineData("10.42.0.255")]        // the broadcast address
    public async Task an_address_outside_the_subnet_is_400_vpc_0705(string address)
    {
        var subnet = await app.Host.CreateVpcSubnet(Demo, "10.42.0.0/24");

        var message = (await app.Host.AssignPrivateIps(Demo, (subnet, address))).ShouldBeHuaweiError(400, "VPC.0705");

        message.ShouldContain(address);
    }

    [Theory]
    [InlineData("not-an-ip")]
    [InlineData("10.42.0")]
    [InlineData("10.42.0.256")]
    [InlineData("010.42.0.5")]
    [InlineData("10.42.0.5/24")]
    [InlineData("")]
    [InlineData(" 10.42.0.5")]
    [InlineData("fe80::1%eth0")]
    public async Task a_malformed_address_is_400_vpc_0705(string address)
    {
        var subnet = await app.Host.CreateVpcSubnet(Demo, "10.42.0.0/24");

        (await app.Host.AssignPrivateIps(Demo, (subnet, address))).ShouldBeHuaweiError(400, "VPC.0705");
    }

    [Fact]
    public async Task the_gateway_address_cannot_be_assigned()
    {
        var subnet = await app.Host.CreateVpcSubnet(Demo, "10.43.0.0/24");

        var reply = await app.Host.AssignPrivateIps(Demo, (subnet, "10.43.0.1"));

        reply.Status.ShouldBeOneOf(400, 409);
        reply.ShouldBeHuaweiError(reply.Status, reply.Status == 400 ? "VPC.0705" : "VPC.0701");
    }

    // ---- VPC.2204: the subnet does not exist (or is not the caller's) ----

    [Theory]
    [InlineData("6f1b9c1e-6a0e-4c47-9a44-3e5d3f1f0a11")]
    [InlineData("not-a-uuid")]
    [InlineData("12345")]
    public async Task an_unknown_subnet_is_404_vpc_2204(string subnetId)
    {
        (await app.Host.AssignPrivateIps(Demo, (subnetId, null))).ShouldBeHuaweiError(404, "VPC.2204");
        (await app.Host.AssignPrivateIps(Demo, (subnetId, "10.0.0.5"))).ShouldBeHuaweiError(404, "VPC.2204");
        (await app.Host.ListPrivateIps(Demo, subnetId)).ShouldBeHuaweiError(404, "VPC.2204");
    }

    [Fact]
    public async Task a_deleted_network_is_404_vpc_2204()
    {
        var subnet = await app.Host.CreateVpcSubnet(Demo, "10.44.0.0/24");
        (await app.Host.As(Demo, x => x.Delete.Url($"/os-networksv2/{subnet}"))).Status().ShouldBe(202);

        (await app.Host.AssignPrivateIps(Demo, (subnet, null))).ShouldBeHuaweiError(404, "VPC.2204");
        (await app.Host.ListPrivateIps(Demo, subnet)).ShouldBeHuaweiError(404, "VPC.2204");
    }

    // ---- VPC.0703: the subnet is exhausted ----

    [Fact]
    public async Task a_29_gives_five_addresses_then_409_vpc_0703()
    {
        var subnet = await app.Host.CreateVpcSubnet(Demo, "10.45.0.0/29");

        var ips = await app.Host.AssignOk(Demo, (subnet, null), (subnet, null), (subnet, null), (subnet, null), (subnet, null));
        ips.Addresses().ShouldBe(["10.45.0.2", "10.45.0.3", "10.45.0.4", "10.45.0.5", "10.45.0.6"]);

        var message = (await app.Host.AssignPrivateIps(Demo, (subnet, null))).ShouldBeHuaweiError(409, "VPC.0703");
        message.ShouldContain(subnet);
        (await app.Host.AssignPrivateIps(Demo, (subnet, null))).ShouldBeHuaweiError(409, "VPC.0703");
        (await app.Host.ListOk(Demo, subnet)).Count.ShouldBe(5);
    }

    [Fact]
    public async Task a_batch_larger_than_the_free_addresses_is_409_vpc_0703_and_takes_none()
    {
        var subnet = await app.Host.CreateVpcSubnet(Demo, "10.46.0.0/29");

        (await app.Host.AssignPrivateIps(Demo, Enumerable.Repeat((subnet, (string?)null), 6).ToArray())).ShouldBeHuaweiError(409, "VPC.0703");

        (await app.Host.ListOk(Demo, subnet)).ShouldBeEmpty();
        (await app.Host.AssignOk(Demo, Enumerable.Repeat((subnet, (string?)null), 5).ToArray())).Count.ShouldBe(5);
    }

    // ---- VPC.0704: the private IP does not exist ----

    [Theory]
    [InlineData("6f1b9c1e-6a0e-4c47-9a44-3e5d3f1f0a11")]
    [InlineData("not-a-uuid")]
    [InlineData("12345")]
    public async Task an_unknown_private_ip_is_404_vpc_0704_on_show_and_delete(string id)
    {
        (await app.Host.ShowPrivateIp(Demo, id)).ShouldBeHuaweiError(404, "VPC.0704");
        (await app.Host.DeletePrivateIp(Demo, id)).ShouldBeHuaweiError(404, "VPC.0704");
    }

    [Fact]
    public async Task a_network_id_is_not_a_private_ip_id()
    {
        var subnet = await app.Host.CreateVpcSubnet(Demo, "10.47.0.0/24");

        (await app.Host.ShowPrivateIp(Demo, subnet)).ShouldBeHuaweiError(404, "VPC.0704");
        (await app.Host.DeletePrivateIp(Demo, subnet)).ShouldBeHuaweiError(404, "VPC.0704");
    }

    // ---- malformed bodies: 400 in Huawei's format ----

    [Theory]
    [InlineData("{")]
    [InlineData("""{"privateips":[""")]
    [InlineData("not json at all")]
    [InlineData("""{"privateips":[{"subnet_id":"x",}]}""")]
    [InlineData("""{"privateips":[]} trailing""")]
    public async Task malformed_json_is_400(string body) =>
        (await app.Host.Send(Demo, HttpMethod.Post, Assign, body)).ShouldBeHuaweiError(400, "VPC.0002");

    [Theory]
    [InlineData("""{"privateips":"x"}""")]
    [InlineData("""{"privateips":5}""")]
    [InlineData("""{"privateips":{"subnet_id":"6f1b9c1e-6a0e-4c47-9a44-3e5d3f1f0a11"}}""")]
    [InlineData("""{"privateips":[{"subnet_id":5}]}""")]
    [InlineData("""{"privateips":[{"subnet_id":["a"]}]}""")]
    [InlineData("""{"privateips":[{"subnet_id":"6f1b9c1e-6a0e-4c47-9a44-3e5d3f1f0a11","ip_address":5}]}""")]
    [InlineData("""{"privateips":[5]}""")]
    [InlineData("""{"privateips":["6f1b9c1e-6a0e-4c47-9a44-3e5d3f1f0a11"]}""")]
    [InlineData("[]")]
    [InlineData("\"privateips\"")]
    public async Task wrong_types_are_400(string body) =>
        (await app.Host.Send(Demo, HttpMethod.Post, Assign, body)).ShouldBeHuaweiError(400, "VPC.0002");

    [Theory]
    [InlineData("""{"privateips":[]}""")]
    [InlineData("""{"privateips":null}""")]
    [InlineData("{}")]
    [InlineData("null")]
    [InlineData("""{"privateips":[{}]}""")]
    [InlineData("""{"privateips":[null]}""")]
    [InlineData("""{"privateips":[{"subnet_id":null}]}""")]
    [InlineData("""{"privateips":[{"subnet_id":""}]}""")]
    [InlineData("""{"privateips":[{"ip_address":"10.0.0.5"}]}""")]
    public async Task an_empty_list_or_a_missing_subnet_id_is_400(string body) =>
        (await app.Host.Send(Demo, HttpMethod.Post, Assign, body)).ShouldBeHuaweiError(400, "VPC.0002");

    [Fact]
    public async Task no_body_at_all_is_400()
    {
        (await app.Host.Send(Demo, HttpMethod.Post, Assign)).ShouldBeHuaweiError(400, "VPC.0002");
        (await app.Host.Send(Demo, HttpMethod.Post, Assign, "")).ShouldBeHuaweiError(400, "VPC.0002");
    }

    [Fact]
    public async Task a_missing_subnet_id_fails_the_whole_batch()
    {
        var subnet = await app.Host.CreateVpcSubnet(Demo, "10.48.0.0/24");

        (await app.Host.Send(Demo, HttpMethod.Post, Assign, $$"""{"privateips":[{"subnet_id":"{{subnet}}"},{}]}"""))
            .ShouldBeHuaweiError(400, "VPC.0002");

        (await app.Host.ListOk(Demo, subnet)).ShouldBeEmpty();
    }

    [Fact]
    public async Task a_batch_of_more_than_100_is_400_and_100_is_fine()
    {
        var subnet = await app.Host.CreateVpcSubnet(Demo, "10.49.0.0/24");

        var message = (await app.Host.AssignPrivateIps(Demo, Enumerable.Repeat((subnet, (string?)null), 101).ToArray()))
            .ShouldBeHuaweiError(400, "VPC.0002");
        message.ShouldContain("100");
        (await app.Host.ListOk(Demo, subnet)).ShouldBeEmpty();

        (await app.Host.AssignOk(Demo, Enumerable.Repeat((subnet, (string?)null), 100).ToArray())).Addresses().ShouldBeUnique();
    }

    [Fact]
    public async Task a_body_that_is_not_json_by_content_type_is_4xx_in_huawei_format()
    {
        var subnet = await app.Host.CreateVpcSubnet(Demo, "10.50.0.0/24");

        var reply = await app.Host.Send(Demo, HttpMethod.Post, Assign, VpcScenarios.Body((subnet, null)), "text/plain");

        reply.Status.ShouldBeInRange(400, 499, reply.ToString());
        reply.ShouldBeHuaweiError(reply.Status, reply.Json["code"].Str());
    }

    [Fact]
    public async Task a_body_over_1_mib_is_413_in_huawei_format()
    {
        var huge = $$"""{"privateips":[{"subnet_id":"{{new string('a', 1024 * 1024 + 10)}}"}]}""";

        var reply = await app.Host.Send(Demo, HttpMethod.Post, Assign, huge);

        reply.ShouldBeHuaweiError(413, reply.Json["code"].Str());
    }

    [Theory]
    [InlineData("PUT", "/v1/{project}/privateips")]
    [InlineData("PATCH", "/v1/{project}/privateips/6f1b9c1e-6a0e-4c47-9a44-3e5d3f1f0a11")]
    [InlineData("POST", "/v1/{project}/subnets/6f1b9c1e-6a0e-4c47-9a44-3e5d3f1f0a11/privateips")]
    public async Task a_wrong_method_is_405_in_huawei_format(string method, string url)
    {
        var reply = await app.Host.Send(Demo, new HttpMethod(method), url.Replace("{project}", Demo.TenantId), "{}");

        reply.ShouldBeHuaweiError(405, reply.Json["code"].Str());
    }

    [Fact]
    public async Task no_credentials_is_401_in_huawei_format()
    {
        using var client = app.Host.Server.CreateClient();
        using var response = await client.GetAsync($"/v1/{Demo.TenantId}/privateips/6f1b9c1e-6a0e-4c47-9a44-3e5d3f1f0a11");
        var reply = new VpcReply((int)response.StatusCode, await response.Content.ReadAsStringAsync(),
            response.Content.Headers.ContentType?.MediaType,
            response.Headers.TryGetValues("X-Request-Id", out var ids) ? ids.First() : null);

        reply.ShouldBeHuaweiError(401, reply.Json["code"].Str());
    }
}
