using System.Net;
using System.Text.Json.Nodes;
using CloudNet.Tests.Reliability.Found;
using CloudNet.Tests.Support;

namespace CloudNet.Tests.Ipam;

/// <summary>
/// A request refused after IPAM found its addresses (here: text PostgreSQL cannot store, refused at the commit) has moved
/// the cursors of the networks in their own transactions; the addresses it passed wait on the released list. What the
/// service hands out next must be what it would have handed out had the request never come.
/// </summary>
public class when_a_request_is_refused_after_its_addresses_were_found(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task the_next_server_gets_the_addresses_the_refused_one_would_have_had()
    {
        var first = Addresses(await app.Host.CreateServer(TestAccount.Demo, "first"));
        var refused = await app.Host.Demo("POST", "/servers",
            """{"server":{"name":"refused","imageRef":"i","flavorRef":"\u0000"}}""");
        refused.Status.ShouldBe(400, refused.ToString());
        var second = Addresses(await app.Host.CreateServer(TestAccount.Demo, "second"));
        var refusedAgain = await app.Host.Demo("POST", "/servers",
            """{"server":{"name":"refused","imageRef":"i","flavorRef":"\u0000"}}""");
        refusedAgain.Status.ShouldBe(400, refusedAgain.ToString());
        var third = Addresses(await app.Host.CreateServer(TestAccount.Demo, "third"));

        foreach (var (label, version) in first.Keys)
        {
            var start = IPAddress.Parse(first[(label, version)]);
            IPAddress.Parse(second[(label, version)]).ShouldBe(Next(start, 1), $"{label} v{version}");
            IPAddress.Parse(third[(label, version)]).ShouldBe(Next(start, 2), $"{label} v{version}");
        }
    }

    static Dictionary<(string Label, int Version), string> Addresses(JsonNode server) =>
        server.AddressEntries().ToDictionary(e => (e.Label, e.Version), e => e.Addr);

    static IPAddress Next(IPAddress address, int steps)
    {
        var bytes = address.GetAddressBytes();
        var value = new System.Numerics.BigInteger(bytes, isUnsigned: true, isBigEndian: true) + steps;
        var next = value.ToByteArray(isUnsigned: true, isBigEndian: true);
        var padded = new byte[bytes.Length];
        next.CopyTo(padded, bytes.Length - next.Length);
        return new IPAddress(padded);
    }
}
