using System.Net;
using System.Text.Json;
using CloudNet.Tests.Compute;
using CloudNet.Tests.Support;
using static CloudNet.Tests.Networks.FloatingIps.FloatingIpScenarios;

namespace CloudNet.Tests.Networks.FloatingIps;

/// <summary><c>POST /v2.0/floatingips</c>: 201 with Neutron's body, field by field, and Neutron's errors.</summary>
public class when_creating_floating_ips(RoomyQuota app) : IClassFixture<RoomyQuota>
{
    static readonly TestAccount Demo = TestAccount.Demo;

    [Fact]
    public async Task a_floating_ip_from_the_default_pools_network_is_201_with_every_field()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        var result = await app.Host.PostFloatingIp(Demo, new { floating_network_id = DefaultNetwork });

        result.Status().ShouldBe(201, await result.ReadAsTextAsync());
        result.Context.Response.ContentType.ShouldNotBeNull().ShouldStartWith("application/json");
        result.Header("X-Openstack-Request-Id").ShouldNotBeNullOrWhiteSpace();
        var body = await result.Json();
        body.Keys().ShouldBe(["floatingip"]);
        var ip = body["floatingip"]!;
        ip.Keys().Order().ShouldBe(Fields);
        Guid.TryParse(ip["id"].Str(), out _).ShouldBeTrue();
        IPAddress.Parse(ip["floating_ip_address"].Str()).GetAddressBytes().Take(3).ShouldBe(new byte[] { 203, 0, 113 });
        ip["floating_network_id"].Str().ShouldBe(DefaultNetwork);
        ip["port_id"].ShouldBeNull();
        ip["fixed_ip_address"].ShouldBeNull();
        ip["router_id"].ShouldBeNull();
        ip["status"].Str().ShouldBe("DOWN");
        ip["tenant_id"].Str().ShouldBe(Demo.TenantId);
        ip["project_id"].Str().ShouldBe(Demo.TenantId);
        ip["description"].Str().ShouldBe("");
        ip["revision_number"]!.GetValueKind().ShouldBe(JsonValueKind.Number);
        ip["revision_number"]!.GetValue<long>().ShouldBe(1);
        ip["tags"]!.AsArray().Count.ShouldBe(0);
        ip["created_at"].ShouldBeNeutronTimestamp();
        ip["updated_at"].Str().ShouldBe(ip["created_at"].Str());
        DateTimeOffset.Parse(ip["created_at"].Str()).ShouldBeInRange(before, DateTimeOffset.UtcNow.AddSeconds(1));

        // The same body on show, and nova sees the same IP.
        (await app.Host.ShowNeutronFloatingIp(Demo, ip["id"].Str())).ToJsonString().ShouldBe(ip.ToJsonString());
        var nova = await app.Host.ShowFloatingIp(Demo, ip["id"].Str());
        nova.Status().ShouldBe(200);
        var novaIp = (await nova.Json())["floating_ip"]!;
        (novaIp["ip"].Str(), novaIp["pool"].Str()).ShouldBe((ip["floating_ip_address"].Str(), "default"));
    }

    [Fact]
    public async Task a_description_and_a_requested_address_are_kept()
    {
        var ip = await app.Host.CreateFloatingIp(Demo, new
        {
            floating_network_id = DefaultNetwork, floating_ip_address = "203.0.113.200", description = "for the web tier",
        });

        ip["floating_ip_address"].Str().ShouldBe("203.0.113.200");
        ip["description"].Str().ShouldBe("for the web tier");
        (await app.Host.ListFloatingIps(Demo)).Select(n => n!["ip"].Str()).ShouldContain("203.0.113.200");
    }

    [Fact]
    public async Task a_port_id_associates_at_once_as_addFloatingIp_would()
    {
        var (serverId, portId, fixedIp) = await app.Host.ServerWithPort(Demo, "create-with-port");

        var ip = await app.Host.CreateFloatingIp(Demo, new { floating_network_id = DefaultNetwork, port_id = portId });

        ip["port_id"].Str().ShouldBe(portId);
        ip["fixed_ip_address"].Str().ShouldBe(fixedIp);
        ip["status"].Str().ShouldBe("ACTIVE");
        ip["revision_number"]!.GetValue<long>().ShouldBe(2, "allocated, then associated: two events");
        var server = await app.Host.ShowServer(Demo, serverId);
        server.AddressEntries().ShouldContain(("public", ip["floating_ip_address"].Str(), 4, "floating"));
        var nova = (await app.Host.ListFloatingIps(Demo)).Single(n => n!["id"].Str() == ip["id"].Str())!;
        (nova["instance_id"].Str(), nova["fixed_ip"].Str()).ShouldBe((serverId, fixedIp));
    }

    [Fact]
    public async Task a_port_id_with_a_fixed_ip_address_of_another_network_uses_that_port_and_address()
    {
        var (serverId, _, _) = await app.Host.ServerWithPort(Demo, "create-on-servicenet");
        var (portId, fixedIp) = await app.Host.PortOn(Demo, serverId, Scenarios.ServiceNet);

        var ip = await app.Host.CreateFloatingIp(Demo, new { floating_network_id = DefaultNetwork, port_id = portId, fixed_ip_address = fixedIp });

        (ip["port_id"].Str(), ip["fixed_ip_address"].Str()).ShouldBe((portId, fixedIp));
    }

    [Fact]
    public async Task a_requested_address_already_allocated_is_409_IpAddressAlreadyAllocated_whoever_holds_it()
    {
        var taken = (await app.Host.AllocateFloatingIp(TestAccount.Other))["ip"].Str();

        var result = await app.Host.PostFloatingIp(Demo, new { floating_network_id = DefaultNetwork, floating_ip_address = taken });

        (await result.ShouldBeNeutronError(409, "IpAddressAlreadyAllocated")).ShouldContain(taken);
    }

    [Theory]
    [InlineData("198.51.100.7", 400, "InvalidIpForNetwork")] // PublicNet's, not the pool's
    [InlineData("203.0.113.0", 400, "InvalidIpForSubnet")] // the pool's network address
    [InlineData("203.0.113.255", 400, "InvalidIpForSubnet")] // its broadcast address
    [InlineData("203.0.113", 400, "BadRequest")]
    [InlineData("203.0.113.010", 400, "BadRequest")]
    public async Task an_unusable_requested_address_is_refused(string address, int status, string type)
    {
        var result = await app.Host.PostFloatingIp(Demo, new { floating_network_id = DefaultNetwork, floating_ip_address = address });

        await result.ShouldBeNeutronError(status, type);
    }

    [Fact]
    public async Task an_unknown_network_is_404_NetworkNotFound_and_a_network_that_is_not_external_is_400()
    {
        var unknown = Guid.NewGuid().ToString();
        (await (await app.Host.PostFloatingIp(Demo, new { floating_network_id = unknown })).ShouldBeNeutronError(404, "NetworkNotFound"))
            .ShouldContain(unknown);

        (await (await app.Host.PostFloatingIp(Demo, new { floating_network_id = Scenarios.PublicNet })).ShouldBeNeutronError(400, "BadRequest"))
            .ShouldBe($"Bad floatingip request: Network {Scenarios.PublicNet} is not a valid external network.");

        var theirs = (await app.Host.CreateNetwork(TestAccount.Other, "not-yours"))["id"].Str();
        await (await app.Host.PostFloatingIp(Demo, new { floating_network_id = theirs })).ShouldBeNeutronError(404, "NetworkNotFound");
        var mine = (await app.Host.CreateNetwork(Demo, "mine"))["id"].Str();
        await (await app.Host.PostFloatingIp(Demo, new { floating_network_id = mine })).ShouldBeNeutronError(400, "BadRequest");
    }

    [Fact]
    public async Task an_unknown_port_or_another_tenants_is_404_PortNotFound_and_nothing_is_allocated()
    {
        var held = (await app.Host.ListNeutronFloatingIps(Demo)).Count;
        var (_, theirPort, _) = await app.Host.ServerWithPort(TestAccount.Other, "their-server");

        foreach (var port in new[] { Guid.NewGuid().ToString(), theirPort })
            (await (await app.Host.PostFloatingIp(Demo, new { floating_network_id = DefaultNetwork, port_id = port }))
                .ShouldBeNeutronError(404, "PortNotFound")).ShouldContain(port);

        (await app.Host.ListNeutronFloatingIps(Demo)).Count.ShouldBe(held);
    }

    [Fact]
    public async Task a_port_whose_fixed_ip_already_has_a_floating_ip_is_409_and_the_new_ip_is_not_kept()
    {
        var (_, portId, _) = await app.Host.ServerWithPort(Demo, "taken-port");
        var first = await app.Host.CreateFloatingIp(Demo, new { floating_network_id = DefaultNetwork, port_id = portId });
        var held = (await app.Host.ListNeutronFloatingIps(Demo)).Count;

        var second = await app.Host.PostFloatingIp(Demo, new { floating_network_id = DefaultNetwork, port_id = portId });

        (await second.ShouldBeNeutronError(409, "FloatingIPPortAlreadyAssociated")).ShouldContain(portId);
        (await app.Host.ListNeutronFloatingIps(Demo)).Count.ShouldBe(held, "the refused create leaves no floating IP behind");
        (await app.Host.ShowNeutronFloatingIp(Demo, first["id"].Str()))["port_id"].Str().ShouldBe(portId);
    }

    [Fact]
    public async Task a_fixed_ip_address_that_is_not_the_ports_or_without_a_port_is_400()
    {
        var (_, portId, _) = await app.Host.ServerWithPort(Demo, "fixed-ip-checks");

        (await (await app.Host.PostFloatingIp(Demo, new { floating_network_id = DefaultNetwork, port_id = portId, fixed_ip_address = "10.9.9.9" }))
            .ShouldBeNeutronError(400, "BadRequest")).ShouldContain("does not have fixed ip 10.9.9.9");
        (await (await app.Host.PostFloatingIp(Demo, new { floating_network_id = DefaultNetwork, fixed_ip_address = "10.9.9.9" }))
            .ShouldBeNeutronError(400, "BadRequest")).ShouldContain("fixed_ip_address cannot be specified without a port_id");
        (await (await app.Host.PostFloatingIp(Demo, new { floating_network_id = DefaultNetwork, port_id = portId, fixed_ip_address = "2001:db8:100::9" }))
            .ShouldBeNeutronError(400, "BadRequest")).ShouldContain("not an IPv4 address");
    }

    [Theory]
    [InlineData("""{"floatingip":{}}""", "Required attribute 'floating_network_id' not specified")]
    [InlineData("""{"floatingip":{"floating_network_id":"not-a-uuid"}}""", "'not-a-uuid' is not a valid UUID")]
    [InlineData("""{"floatingip":{"floating_network_id":42}}""", "is not a valid string")]
    [InlineData("""{"floatingip":null}""", "Resource body required")]
    [InlineData("""{"floating_ip":{}}""", "Resource body required")]
    [InlineData("""{"floatingip":{"floating_network_id":"NET","dns_name":"web"}}""", "Unrecognized attribute(s) 'dns_name'")]
    [InlineData("""{"floatingip":{"floating_network_id":"NET","port_id":"nope"}}""", "'nope' is not a valid UUID")]
    [InlineData("""{"floatingip":{"floating_network_id":"NET","tenant_id":"someone-else"}}""", "requires admin privileges")]
    [InlineData("{", "Malformed request body")]
    public async Task a_malformed_body_is_400_BadRequest(string body, string message)
    {
        var reply = await app.Host.SendRaw(Demo, "POST", "/v2.0/floatingips", body.Replace("NET", DefaultNetwork));

        reply.ShouldBeNeutronError(400, "BadRequest").ShouldContain(message);
    }

    [Fact]
    public async Task a_description_over_255_characters_is_400()
    {
        var result = await app.Host.PostFloatingIp(Demo, new { floating_network_id = DefaultNetwork, description = new string('d', 256) });

        (await result.ShouldBeNeutronError(400, "BadRequest")).ShouldContain("255");
        (await app.Host.CreateFloatingIp(Demo, new { floating_network_id = DefaultNetwork, description = new string('d', 255) }))
            ["description"].Str().Length.ShouldBe(255);
    }

    [Fact]
    public async Task the_callers_own_project_id_in_the_body_and_the_pools_subnet_are_accepted()
    {
        var subnet = (await app.Host.ListSubnets(Demo, $"?network_id={DefaultNetwork}")).Ids().Single();

        var ip = await app.Host.CreateFloatingIp(Demo, new { floating_network_id = DefaultNetwork, project_id = Demo.TenantId, subnet_id = subnet });

        ip["project_id"].Str().ShouldBe(Demo.TenantId);
        await (await app.Host.PostFloatingIp(Demo, new { floating_network_id = DefaultNetwork, subnet_id = Guid.NewGuid() }))
            .ShouldBeNeutronError(400, "BadRequest");
    }

    [Fact]
    public async Task without_a_token_it_is_401_in_neutrons_format()
    {
        var reply = await app.Host.SendRaw(null, "POST", "/v2.0/floatingips", $$$"""{"floatingip":{"floating_network_id":"{{{DefaultNetwork}}}"}}""");

        reply.Status.ShouldBe(401, reply.Body);
        NetworkScenarios.ShouldBeNeutronBody(reply.Body);
    }
}
