using CloudNet.Compute.FloatingIps;
using CloudNet.Tests.Compute;
using CloudNet.Tests.Support;
using Marten;
using static CloudNet.Tests.Compute.ParallelHttp;
using static CloudNet.Tests.Networks.FloatingIps.FloatingIpScenarios;

namespace CloudNet.Tests.Networks.FloatingIps;

/// <summary>Real parallel requests: the address lease decides every race, and a lost race is a 409 in Neutron's format.</summary>
public class floating_ips_under_concurrency(RoomyQuota app) : IClassFixture<RoomyQuota>
{
    static void ShouldBeNeutronErrors(IEnumerable<Reply> replies, int status, string type)
    {
        foreach (var reply in replies)
        {
            reply.Status.ShouldBe(status, reply.Body);
            reply.ContentType.ShouldBe("application/json", reply.Body);
            NetworkScenarios.ShouldBeNeutronBody(reply.Body, type);
        }
    }

    [Fact]
    public async Task thirty_two_creates_of_the_same_address_give_one_201_and_thirty_one_409s()
    {
        const string address = "203.0.113.77";
        using var client = await ClientFor(app, TestAccount.Demo);
        var body = Json(new { floatingip = new { floating_network_id = DefaultNetwork, floating_ip_address = address } });

        var replies = await SendAll(client, Enumerable.Range(0, 32).Select(_ => (HttpMethod.Post, "/v2.0/floatingips", (string?)body)));

        replies.ShouldHaveNoServerErrors();
        var created = replies.Where(r => r.Status == 201).ToList();
        created.Count.ShouldBe(1, string.Join("\n", replies.Select(r => $"{r.Status} {r.Body}")));
        created[0].Json["floatingip"]!["floating_ip_address"].Str().ShouldBe(address);
        ShouldBeNeutronErrors(replies.Where(r => r.Status != 201), 409, "IpAddressAlreadyAllocated");

        await using var session = app.Host.DocumentStore().QuerySession();
        (await session.Query<FloatingIp>().CountAsync(x => x.Address == address)).ShouldBe(1);
        (await app.Host.ListNeutronFloatingIps(TestAccount.Demo, $"?floating_ip_address={address}")).Count.ShouldBe(1);
    }

    [Fact]
    public async Task parallel_associations_of_one_port_leave_it_one_floating_ip()
    {
        var (serverId, portId, _) = await app.Host.ServerWithPort(TestAccount.Demo, "contended");
        var ips = new List<string>();
        for (var i = 0; i < 8; i++) ips.Add((await app.Host.CreateFloatingIp(TestAccount.Demo))["id"].Str());
        using var client = await ClientFor(app, TestAccount.Demo);

        var replies = await SendAll(client, ips.Select(id => (HttpMethod.Put, $"/v2.0/floatingips/{id}", (string?)Json(new { floatingip = new { port_id = portId } }))));

        replies.ShouldHaveNoServerErrors();
        replies.Count(r => r.Status == 200).ShouldBe(1, string.Join("\n", replies.Select(r => $"{r.Status} {r.Body}")));
        foreach (var refused in replies.Where(r => r.Status != 200))
        {
            refused.Status.ShouldBe(409, refused.Body);
            NetworkScenarios.ShouldBeNeutronBody(refused.Body);
        }
        (await app.Host.ListNeutronFloatingIps(TestAccount.Demo, $"?port_id={portId}")).Count.ShouldBe(1);
        (await app.Host.ShowServer(TestAccount.Demo, serverId)).AddressEntries().Count(a => a.Type == "floating").ShouldBe(1);
    }
}
