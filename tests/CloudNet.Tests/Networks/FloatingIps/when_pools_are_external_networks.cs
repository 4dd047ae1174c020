using CloudNet.Tests.Support;
using static CloudNet.Tests.Networks.FloatingIps.FloatingIpScenarios;

namespace CloudNet.Tests.Networks.FloatingIps;

/// <summary>Each floating IP pool is a Neutron external network with one subnet, the pool's CIDR, that no tenant may change.</summary>
public class when_pools_are_external_networks(TwoPools app) : IClassFixture<TwoPools>
{
    static readonly TestAccount Demo = TestAccount.Demo;
    static readonly string ExtraNetwork = CloudNet.Compute.FloatingIps.Pools.FloatingIpPool.NetworkIdOf("extra").ToString();

    [Fact]
    public async Task every_pool_is_listed_as_an_external_network_with_its_subnet()
    {
        var networks = await app.Host.ListNetworks(Demo);
        var pool = networks.Single(n => n!["id"].Str() == DefaultNetwork)!;

        pool["name"].Str().ShouldBe("default");
        pool["router:external"]!.GetValue<bool>().ShouldBeTrue();
        pool["shared"]!.GetValue<bool>().ShouldBeFalse();
        (pool["status"].Str(), pool["admin_state_up"]!.GetValue<bool>()).ShouldBe(("ACTIVE", true));
        (pool["tenant_id"].Str(), pool["project_id"].Str()).ShouldBe(("", ""));
        pool["created_at"].ShouldBeNeutronTimestamp();
        networks.Single(n => n!["id"].Str() == ExtraNetwork)!["name"].Str().ShouldBe("extra");
        networks.Where(n => n!["id"].Str() is Scenarios.PublicNet or Scenarios.ServiceNet)
            .ShouldAllBe(n => !n!["router:external"]!.GetValue<bool>());

        var subnets = await app.Host.ListSubnets(Demo, $"?network_id={DefaultNetwork}");
        var subnet = subnets.Single()!;
        pool["subnets"]!.AsArray().Select(s => s.Str()).ShouldBe([subnet["id"].Str()]);
        (subnet["cidr"].Str(), subnet["ip_version"]!.GetValue<int>(), subnet["network_id"].Str()).ShouldBe(("203.0.113.0/24", 4, DefaultNetwork));
        subnet["gateway_ip"].ShouldBeNull();
        var range = subnet["allocation_pools"]!.AsArray().Single()!;
        (range["start"].Str(), range["end"].Str()).ShouldBe(("203.0.113.1", "203.0.113.254"));
        (await app.Host.ListSubnets(Demo, $"?network_id={ExtraNetwork}")).Single()!["cidr"].Str().ShouldBe("192.0.2.0/28");

        var shown = await app.Host.As(Demo, x => x.Get.Url($"/v2.0/subnets/{subnet["id"].Str()}"));
        (await shown.Json())["subnet"]!.ToJsonString().ShouldBe(subnet.ToJsonString());
        var other = await app.Host.As(TestAccount.Other, x => x.Get.Url($"/v2.0/networks/{DefaultNetwork}"));
        (await other.Json())["network"]!.ToJsonString().ShouldBe(pool.ToJsonString(), "every tenant sees the same external network");
    }

    [Fact]
    public async Task router_external_name_id_and_shared_filter_the_list()
    {
        await app.Host.CreateNetwork(Demo, "default"); // a tenant network may have the pool's name

        (await app.Host.ListNetworks(Demo, "?router:external=True")).Ids().Order().ShouldBe(new[] { DefaultNetwork, ExtraNetwork }.Order());
        (await app.Host.ListNetworks(Demo, "?router%3Aexternal=true")).Ids().Order().ShouldBe(new[] { DefaultNetwork, ExtraNetwork }.Order());
        var internalOnes = await app.Host.ListNetworks(Demo, "?router:external=False");
        internalOnes.Ids().ShouldContain(Scenarios.PublicNet);
        internalOnes.Ids().ShouldNotContain(DefaultNetwork);
        (await app.Host.ListNetworks(Demo, "?name=extra")).Ids().ShouldBe([ExtraNetwork]);
        (await app.Host.ListNetworks(Demo, "?name=default&router:external=true")).Ids().ShouldBe([DefaultNetwork]);
        (await app.Host.ListNetworks(Demo, "?name=default")).Count.ShouldBe(2);
        (await app.Host.ListNetworks(Demo, $"?id={ExtraNetwork}")).Ids().ShouldBe([ExtraNetwork]);
        (await app.Host.ListNetworks(Demo, "?shared=true")).Ids().ShouldNotContain(DefaultNetwork);
    }

    [Fact]
    public async Task tenants_may_not_delete_the_network_or_its_subnet_nor_add_subnets()
    {
        var subnet = (await app.Host.ListSubnets(Demo, $"?network_id={DefaultNetwork}")).Ids().Single();

        await (await app.Host.As(Demo, x => x.Delete.Url($"/v2.0/networks/{DefaultNetwork}"))).ShouldBeNeutronError(403, "PolicyNotAuthorized");
        await (await app.Host.As(Demo, x => x.Delete.Url($"/v2.0/subnets/{subnet}"))).ShouldBeNeutronError(403, "PolicyNotAuthorized");
        await (await app.Host.PostSubnet(Demo, new { network_id = DefaultNetwork, cidr = "203.0.114.0/24", ip_version = 4 }))
            .ShouldBeNeutronError(403, "PolicyNotAuthorized");

        (await app.Host.ListNetworks(Demo, $"?id={DefaultNetwork}")).Count.ShouldBe(1);
        (await app.Host.ListSubnets(Demo, $"?network_id={DefaultNetwork}")).Ids().ShouldBe([subnet]);
    }

    [Fact]
    public async Task floating_ips_come_from_the_pool_their_network_names()
    {
        var ip = await app.Host.CreateFloatingIp(Demo, new { floating_network_id = ExtraNetwork });

        ip["floating_network_id"].Str().ShouldBe(ExtraNetwork);
        ip["floating_ip_address"].Str().ShouldStartWith("192.0.2.");
        var nova = await app.Host.ShowFloatingIp(Demo, ip["id"].Str());
        (await nova.Json())["floating_ip"]!["pool"].Str().ShouldBe("extra");
        (await app.Host.ListNeutronFloatingIps(Demo, $"?floating_network_id={ExtraNetwork}")).Ids().ShouldBe([ip["id"].Str()]);
    }
}

/// <summary>The default pool and a second one, <c>extra</c>, on a /28.</summary>
public sealed class TwoPools : AppFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["FloatingIpPools:0:Name"] = "default",
        ["FloatingIpPools:0:Cidr"] = "203.0.113.0/24",
        ["FloatingIpPools:1:Name"] = "extra",
        ["FloatingIpPools:1:Cidr"] = "192.0.2.0/28",
    };
}
