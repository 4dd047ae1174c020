using CloudNet.Networks.FloatingIps;
using CloudNet.Tests.Support;
using Marten;
using static CloudNet.Tests.Networks.FloatingIps.FloatingIpScenarios;

namespace CloudNet.Tests.Networks.FloatingIps;

/// <summary>Neutron's view is a projection of the floating IPs' streams: replayed from the events (as <c>projections rebuild</c>
/// does), it answers exactly as before, revision numbers included, also for IPs that only nova ever touched.</summary>
public class when_the_neutron_view_is_rebuilt(AppFixture app) : IClassFixture<AppFixture>
{
    static readonly TestAccount Demo = TestAccount.Demo;

    [Fact]
    public async Task the_rebuilt_view_lists_every_floating_ip_exactly_as_before()
    {
        var (serverId, portId, _) = await app.Host.ServerWithPort(Demo, "rebuilt");
        var (otherServer, _, _) = await app.Host.ServerWithPort(Demo, "rebuilt-nova");
        var described = await app.Host.CreateFloatingIp(Demo, new { floating_network_id = DefaultNetwork, description = "first", port_id = portId });
        await app.Host.UpdateFloatingIp(Demo, described["id"].Str(), new { description = "second" });
        await app.Host.UpdateFloatingIp(Demo, described["id"].Str(), new { port_id = (string?)null });
        var novaOnly = await app.Host.AllocateFloatingIp(Demo);
        (await app.Host.AddFloatingIp(Demo, otherServer, novaOnly["ip"].Str())).Status().ShouldBe(202);
        var released = await app.Host.CreateFloatingIp(Demo);
        (await app.Host.DeleteNeutronFloatingIp(Demo, released["id"].Str())).Status().ShouldBe(204);
        var before = (await app.Host.ListNeutronFloatingIps(Demo)).ToJsonString();

        var store = app.Host.DocumentStore();
        await using (var session = store.LightweightSession())
        {
            session.DeleteWhere<NeutronFloatingIp>(_ => true);
            await session.SaveChangesAsync();
        }
        (await app.Host.ListNeutronFloatingIps(Demo)).Count.ShouldBe(0);
        using (var daemon = await store.BuildProjectionDaemonAsync())
            await daemon.RebuildProjectionAsync<NeutronFloatingIp>(CancellationToken.None);

        var after = await app.Host.ListNeutronFloatingIps(Demo);
        after.ToJsonString().ShouldBe(before);
        after.Count.ShouldBe(2);
        after.Single(i => i!["id"].Str() == described["id"].Str())!["revision_number"]!.GetValue<long>().ShouldBe(4); // allocated, associated, described, disassociated
        after.Single(i => i!["id"].Str() == novaOnly["id"].Str())!["status"].Str().ShouldBe("ACTIVE");
        serverId.ShouldNotBeNull();
    }
}
