using System.Text.Json;
using CloudNet.Compute.Servers.Updating;
using CloudNet.Errors;

namespace CloudNet.Tests.Compute.Rules;

/// <summary>Pure: nova's server update body, of which the service keeps the name.</summary>
public class server_update
{
    static UpdateServer Body(string json) => JsonSerializer.Deserialize<UpdateServer>(json, JsonSerializerOptions.Web)!;

    [Fact]
    public void the_name_is_what_an_update_changes()
    {
        ServerUpdate.NameFrom(Body("""{"server":{"name":"renamed"}}""")).ShouldBe("renamed");
        ServerUpdate.NameFrom(Body("""{"server":{}}""")).ShouldBeNull();
    }

    [Theory]
    [InlineData("""{"server":{"name":""}}""", "name")]
    [InlineData("""{"server":{"name":null}}""", "name")]
    [InlineData("""{"server":{"name":["a"]}}""", "name")]
    [InlineData("""{"server":{"accessIPv6":"2001:db8::1"}}""", "accessIPv6")]
    [InlineData("""{"server":{"hostname":"web"}}""", "hostname")]
    [InlineData("""{"server":{"size":"big"}}""", "'size' was unexpected")]
    [InlineData("""{"server":null}""", "'server' is a required property")]
    [InlineData("""{}""", "'server' is a required property")]
    public void anything_else_is_400(string json, string named)
    {
        var refused = Should.Throw<Rejection>(() => ServerUpdate.NameFrom(Body(json)));
        refused.Kind.ShouldBe(RejectionKind.BadRequest);
        refused.Message.ShouldContain(named);
    }

    [Fact]
    public void no_body_is_400() => Should.Throw<Rejection>(() => ServerUpdate.NameFrom(null)).Kind.ShouldBe(RejectionKind.BadRequest);
}
