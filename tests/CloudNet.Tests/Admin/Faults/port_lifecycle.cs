using System.Text.Json.Nodes;
using Alba;
using CloudNet.Networks.Ports;
using CloudNet.Networks.Ports.Activating;
using CloudNet.Tests.Admin.Tenants;
using CloudNet.Tests.Networks;
using CloudNet.Tests.Networks.FloatingIps;
using CloudNet.Tests.Networks.Ports;
using CloudNet.Tests.Networks.Routers;
using CloudNet.Tests.Support;
using CloudNet.Tests.Vpc;

namespace CloudNet.Tests.Admin.Faults;

/// <summary>
/// Lifecycle fault rules for ports (<c>port_active_polls</c>, <c>port_active_seconds</c>): a port the matching request binds to a
/// device stays DOWN for N reads of it or S seconds, then is ACTIVE; the floating IPs pointing at it follow it. Each step is an
/// event of the port's stream.
/// </summary>
public class port_lifecycle(FaultsOnAManualClock app) : IClassFixture<FaultsOnAManualClock>
{
    static async Task<List<string>> EventTypes(IAlbaHost host, TestAccount tenant, string portId)
    {
        var result = await host.As(tenant, x => x.Get.Url($"/history/ports/{portId}/events"));
        result.Status().ShouldBe(200, await result.ReadAsTextAsync());
        return (await result.Json())["events"]!.AsArray().Select(e => e!["type"].Str()).ToList();
    }

    static async Task<string> EipStatus(IAlbaHost host, TestAccount tenant, string id)
    {
        var reply = await host.Send(tenant, HttpMethod.Get, $"/v1/{tenant.TenantId}/publicips/{id}");
        reply.Status.ShouldBe(200, reply.ToString());
        return reply.Json["publicip"]!["status"].Str();
    }

    [Fact]
    public async Task a_port_bound_under_the_rule_stays_down_for_two_reads_then_is_active_and_its_floating_ip_follows()
    {
        var tenant = await app.Host.NewTenant("port-lifecycle");
        var (networkId, _, _) = await app.Host.RoutedNetwork(tenant, "ports-wait", "10.91.0.0/24");
        var rule = await app.Host.AddFault(new { tenant_id = tenant.TenantId, method = "POST", path = "/v2.0/ports", port_active_polls = 2, count = 1 });
        rule["port_active_polls"]!.GetValue<int>().ShouldBe(2);
        rule["port_active_seconds"].ShouldBeNull();

        var port = await app.Host.CreatePort(tenant, new { network_id = networkId, device_id = "vm-1", device_owner = "compute:nova" });
        var id = port["id"].Str();
        port["status"].Str().ShouldBe("DOWN", "bound, but the rule's wait has not begun to pass");
        var ip = await app.Host.CreateFloatingIp(tenant, new { floating_network_id = FloatingIpScenarios.DefaultNetwork, port_id = id });
        ip["status"].Str().ShouldBe("DOWN", "associated to a port that is not ACTIVE yet");
        (await app.Host.ListPorts(tenant, $"?id={id}")).Single()!["status"].Str().ShouldBe("DOWN", "a list shows the state without taking a step");
        (await app.Host.ListNeutronFloatingIps(tenant)).Single()!["status"].Str().ShouldBe("DOWN");
        (await EipStatus(app.Host, tenant, ip["id"].Str())).ShouldBe("DOWN", "Huawei's EIP view follows the port too");

        (await app.Host.ShowPort(tenant, id))["status"].Str().ShouldBe("DOWN");
        (await app.Host.ShowPort(tenant, id))["status"].Str().ShouldBe("DOWN");
        (await app.Host.ShowNeutronFloatingIp(tenant, ip["id"].Str()))["status"].Str().ShouldBe("DOWN", "reading the floating IP takes no step");
        var third = await app.Host.ShowPort(tenant, id);
        third["status"].Str().ShouldBe("ACTIVE");
        third["revision_number"]!.GetValue<int>().ShouldBe(port["revision_number"]!.GetValue<int>() + 1, "DOWN to ACTIVE is a change of the port");
        (await app.Host.ShowNeutronFloatingIp(tenant, ip["id"].Str()))["status"].Str().ShouldBe("ACTIVE");
        (await EipStatus(app.Host, tenant, ip["id"].Str())).ShouldBe("ACTIVE");

        (await EventTypes(app.Host, tenant, id)).ShouldBe(["port_created", "port_activation_polled", "port_activation_polled", "port_activated"]);
        (await app.Host.ShowFault(rule["id"].Str()))["fired"]!.GetValue<int>().ShouldBe(1);

        // The rule was counted: the next bound port is ACTIVE at once, and an unbound one DOWN as always.
        (await app.Host.CreatePort(tenant, new { network_id = networkId, device_id = "vm-2" }))["status"].Str().ShouldBe("ACTIVE");
        (await app.Host.CreatePort(tenant, new { network_id = networkId }))["status"].Str().ShouldBe("DOWN");
    }

    [Fact]
    public async Task a_port_given_a_device_by_an_update_waits_for_seconds_of_the_services_clock_and_unbinding_ends_the_wait()
    {
        var tenant = await app.Host.NewTenant("port-lifecycle");
        var (networkId, _) = await app.Host.CreateNetworkWithSubnet(tenant, "ports-seconds", "10.92.0.0/24");
        await app.Host.AddFault(new { tenant_id = tenant.TenantId, method = "PUT", path = "/v2.0/ports/*", port_active_seconds = 30 });
        var id = (await app.Host.CreatePort(tenant, new { network_id = networkId }))["id"].Str();

        var renamed = await app.Host.UpdatePort(tenant, id, new { name = "no device yet" });
        renamed["status"].Str().ShouldBe("DOWN");
        (await app.Host.UpdatePort(tenant, id, new { device_id = "vm-1" }))["status"].Str().ShouldBe("DOWN");
        (await app.Host.ShowPort(tenant, id))["status"].Str().ShouldBe("DOWN", "reads alone do not end a wait by time");
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        (await app.Host.ShowPort(tenant, id))["status"].Str().ShouldBe("ACTIVE");
        (await EventTypes(app.Host, tenant, id)).ShouldBe(["port_created", "port_updated", "port_updated", "port_activated"]);

        // Bound again under the rule, then unbound before the wait is over: DOWN because unbound, and no wait left.
        await app.Host.UpdatePort(tenant, id, new { device_id = "" });
        (await app.Host.UpdatePort(tenant, id, new { device_id = "vm-2" }))["status"].Str().ShouldBe("DOWN");
        await app.Host.UpdatePort(tenant, id, new { device_id = "" });
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        (await app.Host.ShowPort(tenant, id))["status"].Str().ShouldBe("DOWN");
        (await EventTypes(app.Host, tenant, id)).Count.ShouldBe(7, "an unbound port takes no step");
    }

    [Fact]
    public async Task the_ports_nova_makes_for_a_server_wait_too()
    {
        var tenant = await app.Host.NewTenant("port-lifecycle");
        var (networkId, _) = await app.Host.CreateNetworkWithSubnet(tenant, "ports-nova", "10.93.0.0/24");
        await app.Host.AddFault(new { tenant_id = tenant.TenantId, method = "POST", path = "/servers", port_active_polls = 1, count = 1 });
        var created = await app.Host.As(tenant, x => x.Post.Json(new
        {
            server = new { name = "s", imageRef = "img", flavorRef = "flv", networks = new[] { new { uuid = networkId } } },
        }).ToUrl("/servers"));
        created.Status().ShouldBe(202, await created.ReadAsTextAsync());
        var serverId = (await created.Json())["server"]!["id"].Str();
        (await app.Host.ShowServer(tenant, serverId))["status"].Str().ShouldBe("ACTIVE", "a ports' rule leaves the server's build alone");

        var port = (await app.Host.ListPorts(tenant, $"?device_id={serverId}")).Single()!;
        port["status"].Str().ShouldBe("DOWN");
        (await app.Host.ShowPort(tenant, port["id"].Str()))["status"].Str().ShouldBe("DOWN");
        (await app.Host.ShowPort(tenant, port["id"].Str()))["status"].Str().ShouldBe("ACTIVE");
    }

    [Fact]
    public async Task without_a_rule_ports_and_floating_ips_answer_as_before()
    {
        var tenant = await app.Host.NewTenant("port-lifecycle");
        var (networkId, _, _) = await app.Host.RoutedNetwork(tenant, "ports-plain", "10.94.0.0/24");
        var free = await app.Host.CreatePort(tenant, new { network_id = networkId });
        free["status"].Str().ShouldBe("DOWN");
        var ip = await app.Host.CreateFloatingIp(tenant, new { floating_network_id = FloatingIpScenarios.DefaultNetwork, port_id = free["id"].Str() });
        ip["status"].Str().ShouldBe("ACTIVE", "associated: ACTIVE, as before lifecycle rules (whatever its port's status)");
        (await app.Host.UpdatePort(tenant, free["id"].Str(), new { device_id = "vm" }))["status"].Str().ShouldBe("ACTIVE");
        (await EventTypes(app.Host, tenant, free["id"].Str())).ShouldBe(["port_created", "port_updated"]);
    }

    [Theory]
    [InlineData("""{"fault":{"tenant_id":"{t}","path":"/v2.0/ports","port_active_polls":0}}""", "port_active_polls must be between")]
    [InlineData("""{"fault":{"tenant_id":"{t}","path":"/v2.0/ports","port_active_seconds":86401}}""", "port_active_seconds must be between")]
    [InlineData("""{"fault":{"tenant_id":"{t}","path":"/v2.0/ports","port_active_polls":2,"status":503}}""", "does not answer the request")]
    [InlineData("""{"fault":{"tenant_id":"{t}","path":"/v2.0/ports","port_active_polls":"2"}}""", "port_active_polls")]
    public async Task a_port_rule_that_cannot_be_is_refused(string body, string expected)
    {
        var tenant = await app.Host.NewTenant("port-lifecycle");
        var result = await app.Host.As(TestAccount.Admin, x =>
        {
            x.Post.Text(body.Replace("{t}", tenant.TenantId)).ToUrl("/_cloudnet/faults");
            x.WithRequestHeader("Content-Type", "application/json");
        });
        (await result.ShouldBeProblem(400)).ShouldContain(expected);
    }
}

/// <summary>A port's wait for ACTIVE as a pure function of the port and the instant.</summary>
public class port_activation_steps
{
    static readonly DateTimeOffset Now = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    static Port Bound(int? polls, DateTimeOffset? until) => Port.Create(
        new PortCreated(Guid.NewGuid(), "t", Guid.NewGuid(), "fa:16:3e:00:00:01", [], PortAttributes.Defaults(true) with { DeviceId = "vm" }, null,
            "u", Now)
        {
            Activation = new PortActivation(Guid.NewGuid(), polls, until),
        });

    [Fact]
    public void each_read_counts_a_poll_down_and_the_read_that_finds_none_left_activates_the_port()
    {
        var port = Bound(1, null);
        port.Status.ShouldBe("DOWN");
        var polled = PortActivating.OnRead(port, "u", Now).ShouldBeOfType<PortActivationPolled>();
        polled.PollsLeft.ShouldBe(0);
        port = port.Apply(polled);
        port.Status.ShouldBe("DOWN");
        port = port.Apply(PortActivating.OnRead(port, "u", Now).ShouldBeOfType<PortActivated>());
        port.Status.ShouldBe("ACTIVE");
        PortActivating.OnRead(port, "u", Now).ShouldBeNull();
    }

    [Fact]
    public void a_timed_wait_ends_on_the_first_read_at_or_after_its_end_whatever_polls_remain()
    {
        var port = Bound(null, Now.AddSeconds(10));
        PortActivating.OnRead(port, "u", Now.AddSeconds(9)).ShouldBeNull();
        PortActivating.OnRead(port, "u", Now.AddSeconds(10)).ShouldBeOfType<PortActivated>();
        PortActivating.OnRead(Bound(5, Now.AddSeconds(10)), "u", Now.AddSeconds(11)).ShouldBeOfType<PortActivated>();
    }

    [Fact]
    public void a_port_made_without_a_device_has_no_wait_and_losing_its_device_ends_one()
    {
        var unbound = Port.Create(new PortCreated(Guid.NewGuid(), "t", Guid.NewGuid(), "fa:16:3e:00:00:02", [], PortAttributes.Defaults(true), null,
            "u", Now) { Activation = new PortActivation(Guid.NewGuid(), 3, null) });
        unbound.Activation.ShouldBeNull();
        var port = Bound(3, null);
        port = port.Apply(new PortUpdated(port.Id, port.Attributes with { DeviceId = "" }, "u", Now));
        port.Activation.ShouldBeNull();
        port.Status.ShouldBe("DOWN");
    }
}
