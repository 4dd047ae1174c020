using System.Text;
using CloudNet.Tests.Support;

namespace CloudNet.Tests.Reliability.Found;

/// <summary>
/// Found by the fuzzer: text PostgreSQL cannot hold or .NET cannot read was a 500. JSON allows <c>\u0000</c> in a string,
/// PostgreSQL's jsonb and text do not (22P05 / 22021); a lone surrogate (<c>\uD800</c>) or invalid UTF-8 inside a string
/// failed where a handler read a <c>JsonElement</c> (server networks, Neutron subnets), and a lone surrogate in a route
/// value failed when Npgsql encoded it. Each is now a 400 in the family's format, and nothing is stored.
/// </summary>
public class text_that_postgres_cannot_store(AppFixture app) : IClassFixture<AppFixture>
{
    static readonly string Project = TestAccount.Demo.TenantId;

    [Theory]
    [InlineData("POST", "/servers", """{"server":{"name":"a\u0000","imageRef":"i","flavorRef":"f"}}""")]
    [InlineData("POST", "/servers", """{"server":{"name":"a","imageRef":"i","flavorRef":"f","metadata":{"k":"\u0000"}}}""")]
    [InlineData("POST", "/v2.0/networks", """{"network":{"name":"a\u0000b"}}""")]
    [InlineData("POST", "/os-networksv2", """{"network":{"label":"\u0000","cidr":"192.168.77.0/24"}}""")]
    [InlineData("POST", "/v1/{p}/vpcs", """{"vpc":{"name":"v","description":"\u0000","cidr":"172.31.0.0/16"}}""")]
    public async Task a_nul_character_in_a_stored_value_is_400(string method, string path, string json)
    {
        var reply = await app.Host.Demo(method, path.Replace("{p}", Project), json);
        reply.Status.ShouldBe(400, reply.ToString());
        reply.Body.ShouldContain("U+0000");
    }

    [Fact]
    public async Task a_nul_character_in_a_query_value_is_400()
    {
        var reply = await app.Host.Demo("GET", "/servers", query: "?name=a%00b");
        reply.Status.ShouldBe(400, reply.ToString());
    }

    [Theory]
    [InlineData("""{"server":{"name":"x","imageRef":"i","flavorRef":"f","networks":[{"uuid":"\uD800"}]}}""")]
    [InlineData("""{"server":{"name":"x","imageRef":"i","flavorRef":"f","networks":[{"uuid":"\uDC00\uD800"}]}}""")]
    public async Task a_lone_surrogate_where_the_server_request_is_read_by_hand_is_400(string json)
    {
        var reply = await app.Host.Demo("POST", "/servers", json);
        reply.Status.ShouldBe(400, reply.ToString());
        reply.Json["badRequest"]!["message"]!.GetValue<string>().ShouldStartWith("Malformed request body");
    }

    [Fact]
    public async Task a_lone_surrogate_or_invalid_utf8_in_a_neutron_subnet_is_400()
    {
        var network = (await app.Host.Demo("POST", "/v2.0/networks", """{"network":{"name":"found"}}""", expectError: false)).Json["network"]!["id"]!.GetValue<string>();

        var surrogate = await app.Host.Demo("POST", "/v2.0/subnets",
            $$$"""{"subnet":{"network_id":"{{{network}}}","cidr":"10.77.0.0/24","ip_version":4,"name":"\uD800"}}""");
        surrogate.Status.ShouldBe(400, surrogate.ToString());

        var bytes = Encoding.UTF8.GetBytes($$$"""{"subnet":{"network_id":"{{{network}}}","cidr":"10.77.1.0/24","ip_version":4,"name":"a@("}}""");
        bytes[Array.IndexOf(bytes, (byte)'@')] = 0xC3; // 0xC3 0x28 is not UTF-8
        var invalid = await app.Host.DemoBytes("POST", "/v2.0/subnets", bytes);
        invalid.Status.ShouldBe(400, invalid.ToString());

        var subnets = await app.Host.Demo("GET", "/v2.0/subnets", query: $"?network_id={network}", expectError: false);
        subnets.Json["subnets"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task a_lone_surrogate_in_a_route_value_is_400()
    {
        // Kestrel never decodes a path into a lone surrogate, but a route value in-process (or a future header or
        // query source) can carry one to Npgsql, which cannot encode it.
        var reply = await app.Host.Demo("GET", "/history/requests/req-\uD800");
        reply.Status.ShouldBe(400, reply.ToString());
    }
}
