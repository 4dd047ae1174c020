using CloudNet.Tests.Support;

namespace CloudNet.Tests.Reliability.Found;

/// <summary>Found by the fuzzer: a JSON <c>null</c> among the port or device ids of a shared IP was a 500
/// (NullReferenceException). It names no port: 404 <c>PortNotFoundOnNetwork</c>, as an unknown id does.</summary>
public class null_port_ids(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task are_ports_that_are_not_there()
    {
        var world = await TenantWorld.CreateAsync(app.Host, TestAccount.Demo, 31);

        var replace = await app.Host.Demo("PUT", $"/v2.0/ip_addresses/{world.SharedIpId}", """{"ip_address":{"port_ids":[null]}}""");
        replace.Status.ShouldBe(404, replace.ToString());
        replace.Json["NeutronError"]!["type"]!.GetValue<string>().ShouldBe("PortNotFoundOnNetwork");

        var provision = await app.Host.Demo("POST", "/v2.0/ip_addresses",
            $$$"""{"ip_address":{"network_id":"{{{world.IsolatedNetworkId}}}","version":4,"device_ids":["{{{world.ServerId}}}",null]}}""");
        provision.Status.ShouldBe(404, provision.ToString());
    }
}
