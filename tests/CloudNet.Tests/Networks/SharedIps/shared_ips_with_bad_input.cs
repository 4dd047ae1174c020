using CloudNet.Tests.Support;

namespace CloudNet.Tests.Networks.SharedIps;

/// <summary>Each route's errors in its family's format: Neutron's on <c>/v2.0/ip_addresses</c>, nova's on
/// <c>/servers/{id}/ip_associations</c>; and another tenant sees none of demo's IPs or associations.</summary>
public class shared_ips_with_bad_input(SharedIpsWithBadInputFixture fixture) : IClassFixture<SharedIpsWithBadInputFixture>
{
    static readonly TestAccount Demo = TestAccount.Demo;
    static readonly TestAccount Other = TestAccount.Other;
    const string Unknown = "0193a1b2-0000-7000-8000-00000000dead";

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"ip_address":null}""")]
    [InlineData("""{"ip_address":{"network_id":"NET","device_ids":["A","B"]}}""")]
    [InlineData("""{"ip_address":{"network_id":"NET","version":5,"device_ids":["A","B"]}}""")]
    [InlineData("""{"ip_address":{"network_id":"NET","version":"four","device_ids":["A","B"]}}""")]
    [InlineData("""{"ip_address":{"version":4,"device_ids":["A","B"]}}""")]
    [InlineData("""{"ip_address":{"network_id":"NET","version":4}}""")]
    [InlineData("""{"ip_address":{"network_id":"NET","version":4,"port_ids":[],"device_ids":[]}}""")]
    [InlineData("""{"ip_address":{"network_id":"NET","version":4,"device_ids":["A"]}}""")]
    [InlineData("""{"ip_address":{"network_id":"NET","version":4,"device_ids":["A","A"]}}""")]
    [InlineData("""{"ip_address":{"network_id":"NET","version":4,"device_ids":["A","B"],"ip_address":"not-an-ip"}}""")]
    [InlineData("""{"ip_address":{"network_id":"NET","version":4,"device_ids":["A","B"],"ip_address":"10.9.9.9"}}""")]
    public async Task a_bad_provision_is_400_bad_request(string template)
    {
        var s = await fixture.Setup();
        var body = template.Replace("NET", s.NetworkId).Replace("\"A\"", $"\"{s.ServerA}\"").Replace("\"B\"", $"\"{s.ServerB}\"");

        var before = (await app.ListIps(Demo)).Count;

        var message = (await app.Provision(Demo, body)).ShouldBeNeutronError(400, "BadRequest");

        message.ShouldStartWith("Bad ip_addresses request:");
        (await app.ListIps(Demo)).Count.ShouldBe(before);
    }

    Alba.IAlbaHost app => fixture.Host;

    [Fact]
    public async Task an_unknown_network_is_404_network_not_found()
    {
        var s = await fixture.Setup();
        (await app.Provision(Demo, $$$"""{"ip_address":{"network_id":"{{{Unknown}}}","version":4,"device_ids":["{{{s.ServerA}}}","{{{s.ServerB}}}"]}}"""))
            .ShouldBeNeutronError(404, "NetworkNotFound");
        (await app.Provision(Other, $$$"""{"ip_address":{"network_id":"{{{s.NetworkId}}}","version":4,"device_ids":["{{{s.ServerA}}}","{{{s.ServerB}}}"]}}"""))
            .ShouldBeNeutronError(404, "NetworkNotFound");
    }

    [Fact]
    public async Task a_device_or_port_not_on_the_network_is_404_port_not_found_on_network()
    {
        var s = await fixture.Setup();
        var elsewhere = (await app.CreateServer(Demo, "elsewhere", new[] { new { uuid = Scenarios.ServiceNet } }))["id"].Str();
        (await app.Provision(Demo, $$$"""{"ip_address":{"network_id":"{{{s.NetworkId}}}","version":4,"device_ids":["{{{s.ServerA}}}","{{{elsewhere}}}"]}}"""))
            .ShouldBeNeutronError(404, "PortNotFoundOnNetwork");
        (await app.Provision(Demo, $$$"""{"ip_address":{"network_id":"{{{s.NetworkId}}}","version":4,"device_ids":["{{{s.ServerA}}}","{{{Unknown}}}"]}}"""))
            .ShouldBeNeutronError(404, "PortNotFoundOnNetwork");
        var portA = (await app.PortIds(Demo, s.ServerA)).Single();
        (await app.Provision(Demo, $$$"""{"ip_address":{"network_id":"{{{s.NetworkId}}}","version":4,"port_ids":["{{{portA}}}","{{{Unknown}}}"]}}"""))
            .ShouldBeNeutronError(404, "PortNotFoundOnNetwork");
    }

    [Fact]
    public async Task an_explicit_address_on_public_net_is_400()
    {
        var a = (await app.CreateServer(Demo, "pub-a", new[] { new { uuid = Scenarios.PublicNet } }))["id"].Str();
        var b = (await app.CreateServer(Demo, "pub-b", new[] { new { uuid = Scenarios.PublicNet } }))["id"].Str();
        (await app.Provision(Demo, $$$"""{"ip_address":{"network_id":"{{{Scenarios.PublicNet}}}","version":4,"device_ids":["{{{a}}}","{{{b}}}"],"ip_address":"10.0.0.5"}}"""))
            .ShouldBeNeutronError(400, "BadRequest");
    }

    [Fact]
    public async Task show_put_and_delete_of_an_unknown_ip_are_404_ip_address_not_found()
    {
        foreach (var id in new[] { Unknown, "not-a-uuid" })
        {
            (await app.SendRaw(Demo, "GET", $"/v2.0/ip_addresses/{id}")).ShouldBeNeutronError(404, "IpAddressNotFound");
            (await app.SendRaw(Demo, "DELETE", $"/v2.0/ip_addresses/{id}")).ShouldBeNeutronError(404, "IpAddressNotFound");
            (await app.SendRaw(Demo, "PUT", $"/v2.0/ip_addresses/{id}", $$$"""{"ip_address":{"port_ids":["{{{Unknown}}}","{{{Unknown}}}"]}}"""))
                .ShouldBeNeutronError(404, "IpAddressNotFound", "PortNotFoundOnNetwork");
        }
    }

    [Fact]
    public async Task post_on_the_association_collection_is_501()
    {
        var s = await fixture.Setup();
        await (await app.As(Demo, x => x.Post.Json(new { key = "value" }).ToUrl($"/servers/{s.ServerA}/ip_associations")))
            .ShouldBeNovaFault(501, "notImplemented");
    }

    [Fact]
    public async Task associating_to_a_server_without_a_port_of_the_ip_is_400_bad_request()
    {
        var s = await fixture.Setup();
        var ip = await fixture.SharedIp();
        var stranger = (await app.CreateServer(Demo, "stranger", new[] { new { uuid = s.NetworkId } }))["id"].Str();

        await (await app.Associate(Demo, stranger, ip)).ShouldBeNovaFault(400, "badRequest");
        (await app.ListAssociations(Demo, stranger)).Count.ShouldBe(0);
    }

    [Fact]
    public async Task association_routes_answer_404_item_not_found_for_unknown_servers_and_ips()
    {
        var s = await fixture.Setup();
        var ip = await fixture.SharedIp();
        await (await app.Associate(Demo, Unknown, ip)).ShouldBeNovaFault(404, "itemNotFound");
        await (await app.Associate(Demo, s.ServerA, Unknown)).ShouldBeNovaFault(404, "itemNotFound");
        await (await app.Associate(Demo, s.ServerA, "not-a-uuid")).ShouldBeNovaFault(404, "itemNotFound");
        await (await app.As(Demo, x => x.Get.Url($"/servers/{Unknown}/ip_associations"))).ShouldBeNovaFault(404, "itemNotFound");
        await (await app.As(Demo, x => x.Get.Url(SharedIpScenarios.Association(s.ServerA, Unknown)))).ShouldBeNovaFault(404, "itemNotFound");
        await (await app.Disassociate(Demo, s.ServerA, Unknown)).ShouldBeNovaFault(404, "itemNotFound");
        await (await app.Disassociate(Demo, Unknown, ip)).ShouldBeNovaFault(404, "itemNotFound");
    }

    [Fact]
    public async Task another_tenant_gets_404_on_demos_ip_and_associations()
    {
        var s = await fixture.Setup();
        var ip = await fixture.SharedIp();
        (await app.Associate(Demo, s.ServerA, ip)).Status().ShouldBe(201);
        var others = (await app.CreateServer(Other, "others", new[] { new { uuid = Scenarios.ServiceNet } }))["id"].Str();

        (await app.SendRaw(Other, "GET", $"/v2.0/ip_addresses/{ip}")).ShouldBeNeutronError(404, "IpAddressNotFound");
        (await app.SendRaw(Other, "PUT", $"/v2.0/ip_addresses/{ip}", """{"ip_address":{"port_ids":[]}}""")).ShouldBeNeutronError(404, "IpAddressNotFound");
        (await app.SendRaw(Other, "DELETE", $"/v2.0/ip_addresses/{ip}")).ShouldBeNeutronError(404, "IpAddressNotFound");
        (await app.ListIps(Other)).Ids().ShouldNotContain(ip);
        await (await app.Associate(Other, others, ip)).ShouldBeNovaFault(404, "itemNotFound");
        await (await app.As(Other, x => x.Get.Url($"/servers/{s.ServerA}/ip_associations"))).ShouldBeNovaFault(404, "itemNotFound");
        await (await app.As(Other, x => x.Get.Url(SharedIpScenarios.Association(s.ServerA, ip)))).ShouldBeNovaFault(404, "itemNotFound");
        await (await app.Disassociate(Other, s.ServerA, ip)).ShouldBeNovaFault(404, "itemNotFound");
        await (await app.Associate(Other, s.ServerB, ip)).ShouldBeNovaFault(404, "itemNotFound");

        (await app.ShowIp(Demo, ip)).Status().ShouldBe(200);
        (await app.ListAssociations(Demo, s.ServerA)).Ids().ShouldBe([ip]);
        (await app.ListAssociations(Demo, s.ServerB)).Count.ShouldBe(0);
    }
}

/// <summary>One network with servers A and B, and one shared IP of theirs, made once for the class.</summary>
public sealed class SharedIpsWithBadInputFixture : AppFixture
{
    readonly SemaphoreSlim gate = new(1, 1);
    SharedIpScenarios.Setup? setup;
    string? ip;

    public async Task<SharedIpScenarios.Setup> Setup()
    {
        await gate.WaitAsync();
        try { return setup ??= await Host.TwoServersOnIsolatedNetwork(TestAccount.Demo, "192.168.120.0/24", "bad"); }
        finally { gate.Release(); }
    }

    /// <summary>A shared IP of servers A and B.</summary>
    public async Task<string> SharedIp()
    {
        var s = await Setup();
        await gate.WaitAsync();
        try { return ip ??= (await Host.ProvisionFor(TestAccount.Demo, s.NetworkId, s.ServerA, s.ServerB))["id"].Str(); }
        finally { gate.Release(); }
    }
}
