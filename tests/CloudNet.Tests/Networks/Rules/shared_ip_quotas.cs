using CloudNet.Errors;
using CloudNet.Networks;
using CloudNet.Networks.SharedIps;

namespace CloudNet.Tests.Networks.Rules;

public class shared_ip_quotas
{
    [Fact]
    public void publicnet_takes_five_shared_ips_servicenet_none_other_networks_any_number()
    {
        Should.NotThrow(() => SharedIpQuotas.EnsureRoom(WellKnownNetworks.PublicNet, 4, [0, 0]));
        Should.Throw<Rejection>(() => SharedIpQuotas.EnsureRoom(WellKnownNetworks.PublicNet, 5, [0, 0])).Code.ShouldBe("OverQuota");
        Should.Throw<Rejection>(() => SharedIpQuotas.EnsureRoom(WellKnownNetworks.ServiceNet, 0, [0, 0])).Kind.ShouldBe(RejectionKind.Conflict);
        Should.NotThrow(() => SharedIpQuotas.EnsureRoom(Guid.NewGuid(), 1000, [0, 0]));
    }

    [Fact]
    public void a_port_holds_its_fixed_ip_and_up_to_four_more_on_an_isolated_network()
    {
        Should.NotThrow(() => SharedIpQuotas.EnsureRoom(Guid.NewGuid(), 0, [3, 0]));
        Should.Throw<Rejection>(() => SharedIpQuotas.EnsureRoom(Guid.NewGuid(), 0, [4, 0])).Message.ShouldContain("Cannot add more IPs to port");
        Should.Throw<Rejection>(() => SharedIpQuotas.EnsureRoom(WellKnownNetworks.PublicNet, 0, [5, 0])).Code.ShouldBe("OverQuota");
    }
}
