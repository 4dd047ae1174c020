using CloudNet.Compute.Servers;
using CloudNet.Networks.SharedIps;
using CloudNet.Tests.Support;
using JasperFx.Events;
using Marten;

namespace CloudNet.Tests.Networks.SharedIps;

/// <summary>Each change of a shared IP is an event in its stream; an association is also one in the server's.</summary>
public class shared_ip_events(AppFixture app) : IClassFixture<AppFixture>
{
    static readonly TestAccount Demo = TestAccount.Demo;

    async Task<IReadOnlyList<IEvent>> Stream(string id)
    {
        await using var session = app.Host.DocumentStore().QuerySession();
        return await session.Events.FetchStreamAsync(Guid.Parse(id));
    }

    [Fact]
    public async Task the_walk_through_leaves_its_events_in_the_ips_and_the_servers_streams()
    {
        var (network, a, b) = await app.Host.TwoServersOnIsolatedNetwork(Demo, "192.168.150.0/24", "events");
        var ip = await app.Host.ProvisionFor(Demo, network, a, b);
        var id = ip["id"].Str();
        (await app.Host.Associate(Demo, a, id)).Status().ShouldBe(201);
        (await app.Host.Associate(Demo, b, id)).Status().ShouldBe(201);
        (await app.Host.Associate(Demo, a, id)).Status().ShouldBe(201); // idempotent: no new event
        (await app.Host.Disassociate(Demo, a, id)).Status().ShouldBe(204);
        (await app.Host.Disassociate(Demo, b, id)).Status().ShouldBe(204);
        (await app.Host.DeallocateIp(Demo, id)).Status().ShouldBe(204);

        var events = await Stream(id);
        events.Select(e => e.EventType).ShouldBe([typeof(IpAddressProvisioned), typeof(IpAssociated), typeof(IpAssociated),
            typeof(IpDisassociated), typeof(IpDisassociated), typeof(IpAddressDeallocated)]);
        events.ShouldAllBe(e => e.UserName == "demo");
        var provisioned = (IpAddressProvisioned)events[0].Data;
        (provisioned.TenantId, provisioned.Address, provisioned.Type, provisioned.Version, provisioned.By)
            .ShouldBe((Demo.TenantId, ip["address"].Str(), "shared", 4, "demo"));
        ((IpAssociated)events[1].Data).ServerId.ShouldBe(Guid.Parse(a));
        ((IpAssociated)events[2].Data).ServerId.ShouldBe(Guid.Parse(b));
        ((IpDisassociated)events[3].Data).ServerId.ShouldBe(Guid.Parse(a));
        ((IpAddressDeallocated)events[5].Data).Address.ShouldBe(ip["address"].Str());

        var server = (await Stream(a)).Where(e => e.Data is IpAssociatedWithServer or IpDisassociatedFromServer).ToList();
        server.Select(e => e.EventType).ShouldBe([typeof(IpAssociatedWithServer), typeof(IpDisassociatedFromServer)]);
        server.ShouldAllBe(e => e.UserName == "demo");
        ((IpAssociatedWithServer)server[0].Data).IpAddressId.ShouldBe(Guid.Parse(id));
        ((IpAssociatedWithServer)server[0].Data).Address.ShouldBe(ip["address"].Str());
    }
}
