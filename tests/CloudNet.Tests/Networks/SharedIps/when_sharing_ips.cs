using System.Text.Json;
using CloudNet.Tests.Support;

namespace CloudNet.Tests.Networks.SharedIps;

/// <summary>Seed 001's walk-through: provision a shared IP for two servers, associate it to each, take it apart again.</summary>
public class when_sharing_ips(AppFixture app) : IClassFixture<AppFixture>
{
    static readonly TestAccount Demo = TestAccount.Demo;

    [Fact]
    public async Task provision_associate_disassociate_and_deallocate_walk_through()
    {
        var (network, a, b) = await app.Host.TwoServersOnIsolatedNetwork(Demo, "192.168.110.0/24", "walk");

        var provision = await app.Host.PostIpAddress(Demo, new { network_id = network, version = 4, device_ids = new[] { a, b } });
        provision.Status().ShouldBe(201, await provision.ReadAsTextAsync());
        var body = await provision.Json();
        body.Keys().ShouldBe(["ip_address"]);
        var ip = body["ip_address"]!;
        ip.Keys().Order().ShouldBe(["address", "id", "network_id", "port_ids", "subnet_id", "tenant_id", "type", "version"]);
        ip["network_id"].Str().ShouldBe(network);
        ip["port_ids"]!.AsArray().Count.ShouldBe(2);
        ip["tenant_id"].Str().ShouldBe(Demo.TenantId);
        ip["version"]!.GetValueKind().ShouldBe(JsonValueKind.Number);
        ip["version"]!.GetValue<int>().ShouldBe(4);
        ip["type"].Str().ShouldBe("shared");
        var id = ip["id"].Str();
        var address = ip["address"].Str();
        address.ShouldStartWith("192.168.110.");
        var ports = (await app.Host.PortIds(Demo, a)).Concat(await app.Host.PortIds(Demo, b)).Order().ToList();
        ip["port_ids"]!.AsArray().Select(p => p.Str()).Order().ShouldBe(ports);

        // Seed 001: PUT /v2/servers/{A}/ip_associations/{ip}; seed 000: POST with its bogus body.
        await (await app.Host.Associate(Demo, a, id)).ShouldBeAssociation(201, id, address);
        await (await app.Host.As(Demo, x => x.Post.Json(new { key = "value" }).ToUrl(SharedIpScenarios.Association(b, id))))
            .ShouldBeAssociation(201, id, address);
        await (await app.Host.Associate(Demo, a, id)).ShouldBeAssociation(201, id, address);

        foreach (var server in new[] { a, b })
        {
            var list = await app.Host.ListAssociations(Demo, server);
            list.Count.ShouldBe(1);
            list[0]!.Keys().Order().ShouldBe(["address", "id"]);
            (list[0]!["id"].Str(), list[0]!["address"].Str()).ShouldBe((id, address));
            await (await app.Host.As(Demo, x => x.Get.Url(SharedIpScenarios.Association(server, id)))).ShouldBeAssociation(200, id, address);
        }

        var early = await app.Host.SendRaw(Demo, "DELETE", $"/v2.0/ip_addresses/{id}");
        early.ShouldBeNeutronError(400, "PortRequiresDisassociation");
        (await app.Host.ShowIp(Demo, id)).Status().ShouldBe(200);

        foreach (var server in new[] { a, b })
        {
            var gone = await app.Host.Disassociate(Demo, server, id);
            gone.Status().ShouldBe(204, await gone.ReadAsTextAsync());
            await (await app.Host.As(Demo, x => x.Get.Url(SharedIpScenarios.Association(server, id)))).ShouldBeNovaFault(404, "itemNotFound");
            (await app.Host.ListAssociations(Demo, server)).Count.ShouldBe(0);
        }

        var deallocate = await app.Host.DeallocateIp(Demo, id);
        deallocate.Status().ShouldBe(204, await deallocate.ReadAsTextAsync());
        await (await app.Host.ShowIp(Demo, id)).ShouldBeNeutronError(404, "IpAddressNotFound");
        (await app.Host.ListIps(Demo)).Ids().ShouldNotContain(id);

        // The address is free again.
        var again = await app.Host.PostIpAddress(Demo, new { network_id = network, version = 4, device_ids = new[] { a, b }, ip_address = address });
        again.Status().ShouldBe(201, await again.ReadAsTextAsync());
        (await again.Json())["ip_address"]!["address"].Str().ShouldBe(address);
    }

    [Fact]
    public async Task provision_by_port_ids_with_version_as_a_string()
    {
        var (network, a, b) = await app.Host.TwoServersOnIsolatedNetwork(Demo, "192.168.111.0/24", "ports");
        var ports = new[] { (await app.Host.PortIds(Demo, a)).Single(), (await app.Host.PortIds(Demo, b)).Single() };

        var result = await app.Host.PostIpAddress(Demo, new { network_id = network, version = "4", port_ids = ports });

        result.Status().ShouldBe(201, await result.ReadAsTextAsync());
        var ip = (await result.Json())["ip_address"]!;
        ip["port_ids"]!.AsArray().Select(p => p.Str()).Order().ShouldBe(ports.Order());
        ip["version"]!.GetValue<int>().ShouldBe(4);
        ip["type"].Str().ShouldBe("shared");
        (await (await app.Host.ShowIp(Demo, ip["id"].Str())).Json())["ip_address"]!["address"].Str().ShouldBe(ip["address"].Str());
    }

    [Fact]
    public async Task an_explicit_address_is_given_out()
    {
        var (network, a, b) = await app.Host.TwoServersOnIsolatedNetwork(Demo, "192.168.112.0/24", "explicit");

        var result = await app.Host.PostIpAddress(Demo, new { network_id = network, version = 4, device_ids = new[] { a, b }, ip_address = "192.168.112.200" });

        result.Status().ShouldBe(201, await result.ReadAsTextAsync());
        (await result.Json())["ip_address"]!["address"].Str().ShouldBe("192.168.112.200");
        var twice = await app.Host.PostIpAddress(Demo, new { network_id = network, version = 4, device_ids = new[] { a, b }, ip_address = "192.168.112.200" });
        await twice.ShouldBeNeutronError(409);
    }

    [Fact]
    public async Task list_filters_by_network_device_and_type()
    {
        var one = await app.Host.TwoServersOnIsolatedNetwork(Demo, "192.168.113.0/24", "filter-1");
        var two = await app.Host.TwoServersOnIsolatedNetwork(Demo, "192.168.114.0/24", "filter-2");
        var ipOne = (await app.Host.ProvisionFor(Demo, one.NetworkId, one.ServerA, one.ServerB))["id"].Str();
        var ipTwo = (await app.Host.ProvisionFor(Demo, two.NetworkId, two.ServerA, two.ServerB))["id"].Str();

        (await app.Host.ListIps(Demo, $"?network_id={one.NetworkId}")).Ids().ShouldBe([ipOne]);
        (await app.Host.ListIps(Demo, $"?network_id={two.NetworkId}")).Ids().ShouldBe([ipTwo]);
        (await app.Host.ListIps(Demo, $"?device_id={one.ServerB}")).Ids().ShouldBe([ipOne]);
        (await app.Host.ListIps(Demo, $"?device_id={two.ServerA}")).Ids().ShouldBe([ipTwo]);
        (await app.Host.ListIps(Demo, "?type=shared")).Ids().ShouldContain(ipOne);
        (await app.Host.ListIps(Demo, "?type=shared")).Ids().ShouldContain(ipTwo);
        (await app.Host.ListIps(Demo, "?type=fixed")).Count.ShouldBe(0);
        (await app.Host.ListIps(Demo, $"?network_id={one.NetworkId}&type=fixed")).Count.ShouldBe(0);
    }

    [Fact]
    public async Task deleting_an_associated_server_disassociates_it()
    {
        var (network, a, b) = await app.Host.TwoServersOnIsolatedNetwork(Demo, "192.168.115.0/24", "delete");
        var id = (await app.Host.ProvisionFor(Demo, network, a, b))["id"].Str();
        (await app.Host.Associate(Demo, a, id)).Status().ShouldBe(201);
        (await app.Host.Associate(Demo, b, id)).Status().ShouldBe(201);

        var delete = await app.Host.As(Demo, x => x.Delete.Url($"/servers/{a}"));
        delete.Status().ShouldBe(204, await delete.ReadAsTextAsync());

        (await app.Host.SendRaw(Demo, "DELETE", $"/v2.0/ip_addresses/{id}")).ShouldBeNeutronError(400, "PortRequiresDisassociation");
        (await app.Host.ListAssociations(Demo, b)).Ids().ShouldBe([id]);
        (await app.Host.Disassociate(Demo, b, id)).Status().ShouldBe(204);
        var deallocate = await app.Host.DeallocateIp(Demo, id);
        deallocate.Status().ShouldBe(204, await deallocate.ReadAsTextAsync());
        (await app.Host.ShowIp(Demo, id)).Status().ShouldBe(404);
    }

    [Fact]
    public async Task put_replaces_the_ports_and_an_empty_list_deallocates_once_disassociated()
    {
        var (network, a, b) = await app.Host.TwoServersOnIsolatedNetwork(Demo, "192.168.116.0/24", "put");
        var c = (await app.Host.CreateServer(Demo, "put-c", new[] { new { uuid = network } }))["id"].Str();
        var id = (await app.Host.ProvisionFor(Demo, network, a, b))["id"].Str();
        var portA = (await app.Host.PortIds(Demo, a)).Single();
        var portC = (await app.Host.PortIds(Demo, c)).Single();
        (await app.Host.Associate(Demo, b, id)).Status().ShouldBe(201);

        // B's port cannot leave while B has the IP associated.
        (await app.Host.SendRaw(Demo, "PUT", $"/v2.0/ip_addresses/{id}", $$$"""{"ip_address":{"port_ids":["{{{portA}}}","{{{portC}}}"]}}"""))
            .ShouldBeNeutronError(400, "BadRequest");
        (await app.Host.SendRaw(Demo, "PUT", $"/v2.0/ip_addresses/{id}", """{"ip_address":{"port_ids":[]}}"""))
            .ShouldBeNeutronError(400, "PortRequiresDisassociation");
        (await app.Host.Disassociate(Demo, b, id)).Status().ShouldBe(204);

        var replaced = await app.Host.As(Demo, x => x.Put.Json(new { ip_address = new { port_ids = new[] { portA, portC } } }).ToUrl($"/v2.0/ip_addresses/{id}"));
        replaced.Status().ShouldBe(200, await replaced.ReadAsTextAsync());
        (await replaced.Json())["ip_address"]!["port_ids"]!.AsArray().Select(p => p.Str()).Order().ShouldBe(new[] { portA, portC }.Order());
        (await app.Host.ListIps(Demo, $"?device_id={c}")).Ids().ShouldBe([id]);
        (await app.Host.ListIps(Demo, $"?device_id={b}")).Count.ShouldBe(0);
        await (await app.Host.Associate(Demo, b, id)).ShouldBeNovaFault(400, "badRequest");
        (await app.Host.Associate(Demo, c, id)).Status().ShouldBe(201);
        (await app.Host.Disassociate(Demo, c, id)).Status().ShouldBe(204);

        var emptied = await app.Host.As(Demo, x => x.Put.Json(new { ip_address = new { port_ids = Array.Empty<string>() } }).ToUrl($"/v2.0/ip_addresses/{id}"));
        emptied.Status().ShouldBe(200, await emptied.ReadAsTextAsync());
        (await app.Host.ShowIp(Demo, id)).Status().ShouldBe(404);
    }

    [Fact]
    public async Task a_server_whose_port_was_detached_cannot_be_associated()
    {
        var (network, a, b) = await app.Host.TwoServersOnIsolatedNetwork(Demo, "192.168.117.0/24", "detached");
        var id = (await app.Host.ProvisionFor(Demo, network, a, b))["id"].Str();
        var portA = (await app.Host.PortIds(Demo, a)).Single();
        var detach = await app.Host.As(Demo, x => x.Delete.Url($"/servers/{a}/os-virtual-interfacesv2/{portA}"));
        detach.Status().ShouldBeOneOf([200, 202, 204], await detach.ReadAsTextAsync());

        await (await app.Host.Associate(Demo, a, id)).ShouldBeNovaFault(400, "badRequest");
        (await app.Host.ListAssociations(Demo, a)).Count.ShouldBe(0);
    }

    [Fact]
    public async Task detaching_the_interface_an_ip_is_associated_through_ends_the_association()
    {
        var (network, a, b) = await app.Host.TwoServersOnIsolatedNetwork(Demo, "192.168.121.0/24", "detached");
        var ip = (await app.Host.ProvisionFor(Demo, network, a, b))["id"].Str();
        (await app.Host.Associate(Demo, a, ip)).Status().ShouldBe(201);

        var vifs = await app.Host.As(Demo, x => x.Get.Url($"/servers/{a}/os-virtual-interfacesv2"));
        var vif = (await vifs.Json())["virtual_interfaces"]!.AsArray()
            .Single(v => v!["ip_addresses"]!.AsArray().Any(i => i!["network_id"].Str() == network))!["id"].Str();
        (await app.Host.As(Demo, x => x.Delete.Url($"/servers/{a}/os-virtual-interfacesv2/{vif}"))).Status().ShouldBe(200);

        (await app.Host.ListAssociations(Demo, a)).ShouldBeEmpty();
        (await app.Host.DeallocateIp(Demo, ip)).Status().ShouldBe(204);
    }
}
