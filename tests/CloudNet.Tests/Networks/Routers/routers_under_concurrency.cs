using CloudNet.Tests.Networks.FloatingIps;
using CloudNet.Tests.Networks.Ports;
using CloudNet.Tests.Support;

namespace CloudNet.Tests.Networks.Routers;

/// <summary>Room for the routers the races below make (Neutron's default quota is 10).</summary>
public sealed class RoomyRouters : AppFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Quotas:Routers"] = "50" };
}

/// <summary>Races between a floating IP coming to need a router and the router losing what it needs: one of them wins, never
/// both, never a 5xx; and gateways taken at once each get an address of their own.</summary>
public class routers_under_concurrency(RoomyRouters app) : IClassFixture<RoomyRouters>
{
    static readonly TestAccount Demo = TestAccount.Demo;

    [Fact]
    public async Task an_association_racing_the_removal_of_its_interface_or_gateway_leaves_one_of_them()
    {
        for (var round = 0; round < 6; round++)
        {
            var (networkId, subnetId, routerId) = await app.Host.RoutedNetwork(Demo, $"race-{round}", $"10.{100 + round}.0.0/24");
            var port = await app.Host.CreatePort(Demo, new { network_id = networkId });
            var ip = await app.Host.CreateFloatingIp(Demo);
            var removing = round % 2 == 0
                ? app.Host.RemoveInterface(Demo, routerId, new { subnet_id = subnetId })
                : app.Host.PutRouter(Demo, routerId, new { external_gateway_info = (object?)null });

            var (associated, removed) = (await app.Host.PutFloatingIp(Demo, ip["id"].Str(), new { port_id = port["id"].Str() }), await removing);

            var statuses = (associated.Status(), removed.Status());
            statuses.ShouldBeOneOf([(200, 409), (404, 200)], $"round {round}: {await associated.ReadAsTextAsync()} / {await removed.ReadAsTextAsync()}");
            var shown = await (await app.Host.As(Demo, x => x.Get.Url($"/v2.0/floatingips/{ip["id"].Str()}"))).Json();
            var router = await app.Host.ShowRouter(Demo, routerId);
            if (statuses == (200, 409))
            {
                shown["floatingip"]!["router_id"].Str().ShouldBe(routerId);
                (router["external_gateway_info"] is not null && (await app.Host.ListPorts(Demo, $"?device_id={routerId}")).Count == 1).ShouldBeTrue();
            }
            else shown["floatingip"]!["port_id"].ShouldBeNull();
        }
    }

    [Fact]
    public async Task gateways_set_at_once_each_take_their_own_address()
    {
        var routers = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => app.Host.CreateRouter(Demo, new { name = $"many-{i}" })));

        var set = await Task.WhenAll(routers.Select(r =>
            app.Host.PutRouter(Demo, r["id"].Str(), new { external_gateway_info = new { network_id = FloatingIpScenarios.DefaultNetwork } })));

        set.Select(s => s.Status()).ShouldAllBe(s => s == 200);
        var addresses = new List<string>();
        foreach (var r in routers)
            addresses.Add((await app.Host.ShowRouter(Demo, r["id"].Str()))["external_gateway_info"]!["external_fixed_ips"]![0]!["ip_address"].Str());
        addresses.Distinct().Count().ShouldBe(8);
    }
}
