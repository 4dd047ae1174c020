using CloudNet.Tests.Support;

namespace CloudNet.Tests.Vpc;

/// <summary>
/// <c>GET /v1/{project}/privateips/{id}</c>, <c>GET /v1/{project}/subnets/{subnet}/privateips?limit=&amp;marker=</c> and
/// <c>DELETE /v1/{project}/privateips/{id}</c>, as the Huawei SDK calls them.
/// </summary>
public class when_showing_listing_and_deleting_private_ips(AppFixture app) : IClassFixture<AppFixture>
{
    static readonly TestAccount Demo = TestAccount.Demo;

    [Fact]
    public async Task show_answers_the_private_ip_with_the_same_fields_as_assign()
    {
        var subnet = await app.Host.CreateVpcSubnet(Demo, "10.30.0.0/24");
        var assigned = await app.Host.AssignOne(Demo, subnet, "10.30.0.77");

        var reply = await app.Host.ShowPrivateIp(Demo, assigned["id"].Str());

        reply.Status.ShouldBe(200, reply.ToString());
        reply.ContentType.ShouldBe("application/json");
        reply.RequestId.ShouldNotBeNullOrWhiteSpace();
        reply.Json.AsObject().Select(p => p.Key).ShouldBe(["privateip"], reply.Body);
        var shown = reply.Json["privateip"]!;
        shown.ShouldBeUnboundPrivateIp(Demo, subnet, "10.30.0.77");
        shown.ToJsonString().ShouldBe(assigned.ToJsonString());
    }

    [Fact]
    public async Task list_answers_every_private_ip_of_the_subnet_in_assignment_order()
    {
        var subnet = await app.Host.CreateVpcSubnet(Demo, "10.31.0.0/24");
        var elsewhere = await app.Host.CreateVpcSubnet(Demo, "10.31.1.0/24");
        var ids = new List<string>();
        ids.AddRange((await app.Host.AssignOk(Demo, (subnet, "10.31.0.200"), (subnet, null), (subnet, "10.31.0.100"))).Ids());
        await app.Host.AssignOne(Demo, elsewhere);
        ids.AddRange((await app.Host.AssignOk(Demo, (subnet, null))).Ids());

        var listed = await app.Host.ListOk(Demo, subnet);

        listed.Ids().ShouldBe(ids);
        listed.Addresses().ShouldBe(["10.31.0.200", "10.31.0.2", "10.31.0.100", "10.31.0.3"]);
        foreach (var ip in listed) ip!.ShouldBeUnboundPrivateIp(Demo, subnet);
    }

    [Fact]
    public async Task a_large_batch_lists_in_request_order()
    {
        // Ids made within one millisecond must still sort in the order the batch named them.
        var subnet = await app.Host.CreateVpcSubnet(Demo, "10.39.0.0/24");
        var items = Enumerable.Range(0, 100).Select(i => (subnet, i % 10 == 3 ? $"10.39.0.{250 - i}" : (string?)null)).ToArray();

        var assigned = await app.Host.AssignOk(Demo, items);

        (await app.Host.ListOk(Demo, subnet)).Ids().ShouldBe(assigned.Ids());
        var pages = new List<string>();
        for (string? marker = null; ;)
        {
            var page = (await app.Host.ListOk(Demo, subnet, marker is null ? "?limit=7" : $"?limit=7&marker={marker}")).Ids();
            if (page.Count == 0) break;
            pages.AddRange(page);
            marker = page[^1];
        }
        pages.ShouldBe(assigned.Ids());
    }

    [Fact]
    public async Task an_empty_subnet_lists_an_empty_array()
    {
        var subnet = await app.Host.CreateVpcSubnet(Demo, "10.32.0.0/24");

        var reply = await app.Host.ListPrivateIps(Demo, subnet);

        reply.Status.ShouldBe(200, reply.ToString());
        reply.ContentType.ShouldBe("application/json");
        reply.Body.ShouldBe("""{"privateips":[]}""");
    }

    [Fact]
    public async Task limit_and_marker_page_through_five_ips_two_at_a_time()
    {
        var subnet = await app.Host.CreateVpcSubnet(Demo, "10.33.0.0/24");
        var all = new List<string>();
        for (var i = 0; i < 5; i++) all.AddRange((await app.Host.AssignOk(Demo, (subnet, null))).Ids());
        (await app.Host.ListOk(Demo, subnet)).Ids().ShouldBe(all);

        (await app.Host.ListOk(Demo, subnet, "?limit=1")).Ids().ShouldBe([all[0]]);

        var pages = new List<List<string>>();
        string? marker = null;
        for (var guard = 0; guard < 10; guard++)
        {
            var page = (await app.Host.ListOk(Demo, subnet, marker is null ? "?limit=2" : $"?limit=2&marker={marker}")).Ids();
            if (page.Count == 0) break;
            pages.Add(page);
            marker = page[^1];
        }

        pages.Select(p => p.Count).ShouldBe([2, 2, 1]);
        pages.SelectMany(p => p).ShouldBe(all);
    }

    [Fact]
    public async Task marker_without_limit_starts_after_the_marker()
    {
        var subnet = await app.Host.CreateVpcSubnet(Demo, "10.34.0.0/24");
        var all = (await app.Host.AssignOk(Demo, (subnet, null), (subnet, null), (subnet, null), (subnet, null))).Ids();

        (await app.Host.ListOk(Demo, subnet, $"?marker={all[1]}")).Ids().ShouldBe(all[2..]);
        (await app.Host.ListOk(Demo, subnet, $"?marker={all[^1]}")).ShouldBeEmpty();
        (await app.Host.ListOk(Demo, subnet, "?limit=2000")).Ids().ShouldBe(all);
        (await app.Host.ListOk(Demo, subnet, "?limit=0")).Ids().ShouldBe(all, "limit 0 is the default page of 2000");
    }

    [Theory]
    [InlineData("?limit=2001")]
    [InlineData("?limit=-1")]
    [InlineData("?limit=abc")]
    [InlineData("?limit=1.5")]
    [InlineData("?limit=99999999999999999999")]
    [InlineData("?marker=not-a-uuid")]
    [InlineData("?limit=1&marker=12345")]
    public async Task bad_paging_parameters_are_400_vpc_0702(string query)
    {
        var subnet = await app.Host.CreateVpcSubnet(Demo, "10.35.0.0/24");

        (await app.Host.ListPrivateIps(Demo, subnet, query)).ShouldBeHuaweiError(400, "VPC.0702");
    }

    [Fact]
    public async Task delete_answers_204_with_no_body_and_the_ip_is_gone()
    {
        var subnet = await app.Host.CreateVpcSubnet(Demo, "10.36.0.0/24");
        var ip = await app.Host.AssignOne(Demo, subnet);
        var id = ip["id"].Str();

        var reply = await app.Host.DeletePrivateIp(Demo, id);

        reply.Status.ShouldBe(204, reply.ToString());
        reply.Body.ShouldBeEmpty();
        reply.RequestId.ShouldNotBeNullOrWhiteSpace();
        (await app.Host.ShowPrivateIp(Demo, id)).ShouldBeHuaweiError(404, "VPC.0704");
        (await app.Host.ListOk(Demo, subnet)).ShouldBeEmpty();
        (await app.Host.DeletePrivateIp(Demo, id)).ShouldBeHuaweiError(404, "VPC.0704");
    }

    [Fact]
    public async Task a_deleted_address_is_assigned_again()
    {
        var subnet = await app.Host.CreateVpcSubnet(Demo, "10.37.0.0/24");
        var ips = await app.Host.AssignOk(Demo, (subnet, null), (subnet, null), (subnet, null));
        var freed = ips[1]!;
        (await app.Host.DeletePrivateIp(Demo, freed["id"].Str())).Status.ShouldBe(204);

        var again = await app.Host.AssignOne(Demo, subnet);

        again["ip_address"].Str().ShouldBe(freed["ip_address"].Str());
        again["id"].Str().ShouldNotBe(freed["id"].Str());
        (await app.Host.ListOk(Demo, subnet)).Addresses().Order().ShouldBe(["10.37.0.2", "10.37.0.3", "10.37.0.4"]);
    }

    [Fact]
    public async Task a_deleted_requested_address_can_be_requested_again()
    {
        var subnet = await app.Host.CreateVpcSubnet(Demo, "10.38.0.0/24");
        var ip = await app.Host.AssignOne(Demo, subnet, "10.38.0.9");
        (await app.Host.DeletePrivateIp(Demo, ip["id"].Str())).Status.ShouldBe(204);

        (await app.Host.AssignOne(Demo, subnet, "10.38.0.9"))["ip_address"].Str().ShouldBe("10.38.0.9");
    }
}
