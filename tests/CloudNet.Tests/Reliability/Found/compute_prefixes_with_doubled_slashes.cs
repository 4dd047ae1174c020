using CloudNet.Tests.Support;

namespace CloudNet.Tests.Reliability.Found;

/// <summary>
/// Found by the fuzzer: a compute prefix written with doubled slashes (<c>//v2.1//{tenant}//servers</c>) made the
/// prefix rewrite cut the path at the wrong place and throw (500). The prefix is now cut where it ends in the path
/// as sent.
/// </summary>
public class compute_prefixes_with_doubled_slashes(AppFixture app) : IClassFixture<AppFixture>
{
    static readonly string Tenant = TestAccount.Demo.TenantId;

    [Theory]
    [InlineData("PUT", "//v2.1//{t}//servers// //ip_associations//1")]
    [InlineData("GET", "//v2//{t}//servers")]
    [InlineData("GET", "/v2///{t}/servers/x")]
    [InlineData("GET", "//v2.1//servers//x")]
    public async Task are_a_404_in_nova_format_not_a_500(string method, string path)
    {
        var reply = await app.Host.Demo(method, path.Replace("{t}", Tenant), method == "PUT" ? "{'anything':'x'}" : null);
        reply.Status.ShouldBe(404, reply.ToString());
    }

    [Fact]
    public async Task a_doubled_slash_after_the_prefix_still_reaches_the_route()
    {
        var reply = await app.Host.SendRawAsync(new RawRequest("GET", $"//v2//{Tenant}/servers")
            .WithHeader("X-Auth-Token", await app.Host.TokenFor(TestAccount.Demo)));
        reply.Status.ShouldBe(200, reply.ToString());
        reply.Json["servers"].ShouldNotBeNull();
    }
}
