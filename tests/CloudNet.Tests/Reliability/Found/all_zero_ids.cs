using CloudNet.Tests.Support;

namespace CloudNet.Tests.Reliability.Found;

/// <summary>
/// Found by the fuzzer: the all-zero UUID parses as an id, and Marten refuses it as a stream id, so every route that
/// fetched a resource for writing by it answered 500. It names no resource: 404 in each family's format.
/// </summary>
public class all_zero_ids(AppFixture app) : IClassFixture<AppFixture>
{
    const string Zero = "00000000-0000-0000-0000-000000000000";
    static readonly string Project = TestAccount.Demo.TenantId;

    [Theory]
    [InlineData("DELETE", "/servers/{z}", null)]
    [InlineData("POST", "/servers/{z}/action", """{"addFloatingIp":{"address":"203.0.113.9"}}""")]
    [InlineData("DELETE", "/servers/{z}/ip_associations/{z}", null)]
    [InlineData("PUT", "/servers/{z}/ip_associations/{z}", null)]
    [InlineData("POST", "/servers/{z}/os-virtual-interfacesv2", """{"virtual_interface":{"network_id":"11111111-1111-1111-1111-111111111111"}}""")]
    [InlineData("DELETE", "/os-floating-ips/{z}", null)]
    [InlineData("DELETE", "/v2.0/ip_addresses/{z}", null)]
    [InlineData("PUT", "/v2.0/ip_addresses/{z}", """{"ip_address":{"port_ids":["x"]}}""")]
    [InlineData("DELETE", "/v1/{p}/privateips/{z}", null)]
    [InlineData("DELETE", "/v1/{p}/vpcs/{z}", null)]
    [InlineData("DELETE", "/v1/{p}/vpcs/{z}/subnets/{z}", null)]
    [InlineData("POST", "/v1/{p}/subnets", """{"subnet":{"name":"s","cidr":"172.16.1.0/24","gateway_ip":"172.16.1.1","vpc_id":"{z}"}}""")]
    public async Task names_nothing_and_is_404(string method, string path, string? json)
    {
        var reply = await app.Host.Demo(method, path.Replace("{z}", Zero).Replace("{p}", Project), json?.Replace("{z}", Zero));
        reply.Status.ShouldBe(404, reply.ToString());
    }
}
