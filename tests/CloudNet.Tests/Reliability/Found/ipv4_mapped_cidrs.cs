using System.Diagnostics;
using CloudNet.Ipam;
using CloudNet.Tests.Support;

namespace CloudNet.Tests.Reliability.Found;

/// <summary>
/// Found by the fuzzer: <c>POST /os-networksv2</c> with the CIDR <c>::ffff:0:0/96</c> kept one request busy for five
/// minutes and then answered 500. <see cref="System.Net.IPNetwork"/> does not count IPv4-mapped addresses as members of
/// that block, so the search for its first usable address (the gateway) walked all 2^32 offsets. IPv4-mapped CIDRs are
/// now refused as such, and the search gives up after the three addresses a block can reserve.
/// </summary>
public class ipv4_mapped_cidrs(AppFixture app) : IClassFixture<AppFixture>
{
    [Theory]
    [InlineData("::ffff:0:0/96")]
    [InlineData("::ffff:10.0.0.0/120")]
    [InlineData("::ffff:10.0.0.0/126")]
    public void are_not_an_address_block(string cidr)
    {
        AddressBlock.TryParse(cidr, null, out var block, out var error).ShouldBeFalse();
        block.ShouldBeNull();
        error.ShouldNotBeNull().ShouldContain("IPv4-mapped");
    }

    [Theory]
    [InlineData("/os-networksv2", """{"network":{"label":"mapped","cidr":"::ffff:0:0/96"}}""")]
    [InlineData("/os-networksv2", """{"network":{"label":"mapped","cidr":"::ffff:10.0.0.0/120"}}""")]
    public async Task are_refused_at_once_with_400(string path, string json)
    {
        var clock = Stopwatch.StartNew();
        var reply = await app.Host.Demo("POST", path, json);
        clock.Stop();
        reply.Status.ShouldBe(400, reply.ToString());
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task are_refused_as_neutron_subnets_too()
    {
        var network = (await app.Host.Demo("POST", "/v2.0/networks", """{"network":{"name":"mapped"}}""", expectError: false)).Json["network"]!["id"]!.GetValue<string>();
        var reply = await app.Host.Demo("POST", "/v2.0/subnets",
            $$$"""{"subnet":{"network_id":"{{{network}}}","cidr":"::ffff:0:0/96","ip_version":6}}""");
        reply.Status.ShouldBe(400, reply.ToString());
    }

    [Fact]
    public void ordinary_ipv6_blocks_that_contain_the_mapped_space_still_parse()
    {
        AddressBlock.TryParse("::/64", null, out var block, out var error).ShouldBeTrue(error);
        block!.FirstUsable.ToString().ShouldBe("::1");
    }
}
