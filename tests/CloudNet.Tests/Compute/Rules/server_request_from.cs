using System.Net;
using System.Text.Json;
using CloudNet.Compute.Servers.Creating;
using CloudNet.Errors;
using CloudNet.Networks;

namespace CloudNet.Tests.Compute.Rules;

/// <summary>Pure: nova's validation of the server create body.</summary>
public class server_request_from
{
    static CreateServer Command(string? name = "web", string? networksJson = null, Dictionary<string, string>? metadata = null,
        string? imageRef = "img", string? flavorRef = "flv") =>
        new(new CreateServerBody(name, imageRef, flavorRef,
            networksJson is null ? null : JsonSerializer.Deserialize<JsonElement>(networksJson), metadata));

    static Rejection BadRequest(CreateServer? command)
    {
        var rejection = Should.Throw<Rejection>(() => ServerRequest.From(command));
        rejection.Kind.ShouldBe(RejectionKind.BadRequest);
        return rejection;
    }

    static readonly NetworkRequest[] Defaults =
        [new(WellKnownNetworks.PublicNet, null), new(WellKnownNetworks.ServiceNet, null)];

    [Fact]
    public void a_valid_body_keeps_name_refs_and_metadata()
    {
        var request = ServerRequest.From(Command(metadata: new() { ["role"] = "web" }));

        request.Name.ShouldBe("web");
        request.ImageRef.ShouldBe("img");
        request.FlavorRef.ShouldBe("flv");
        request.Metadata.ShouldBe(new Dictionary<string, string> { ["role"] = "web" });
    }

    [Fact]
    public void missing_refs_and_metadata_default_to_empty()
    {
        var request = ServerRequest.From(Command(imageRef: null, flavorRef: null));

        (request.ImageRef, request.FlavorRef).ShouldBe(("", ""));
        request.Metadata.ShouldBeEmpty();
    }

    [Fact]
    public void no_command_or_no_server_object_is_400()
    {
        BadRequest(null).Message.ShouldContain("server");
        BadRequest(new CreateServer(null)).Message.ShouldContain("server");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" \t ")]
    public void a_missing_or_blank_name_is_400(string? name) =>
        BadRequest(Command(name)).Message.ShouldContain("name");

    [Fact]
    public void a_name_is_at_most_255_characters()
    {
        ServerRequest.From(Command(new string('n', 255))).Name.Length.ShouldBe(255);
        BadRequest(Command(new string('n', 256)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("null")]
    [InlineData("\"auto\"")]
    public void without_networks_the_server_gets_publicnet_and_servicenet(string? networks) =>
        ServerRequest.From(Command(networksJson: networks)).Networks.ShouldBe(Defaults);

    [Fact]
    public void networks_none_gives_no_network() =>
        ServerRequest.From(Command(networksJson: "\"none\"")).Networks.ShouldBeEmpty();

    [Fact]
    public void explicit_networks_are_kept_in_order_with_their_fixed_ips()
    {
        var request = ServerRequest.From(Command(networksJson: """
            [{"uuid":"11111111-1111-1111-1111-111111111111","fixed_ip":"10.176.1.2"},
             {"uuid":"00000000-0000-0000-0000-000000000000","fixed_ip":null},
             {"uuid":"0193a1b2-0000-7000-8000-000000000042"}]
            """));

        request.Networks.ShouldBe(
        [
            new(WellKnownNetworks.ServiceNet, IPAddress.Parse("10.176.1.2")),
            new(WellKnownNetworks.PublicNet, null),
            new(Guid.Parse("0193a1b2-0000-7000-8000-000000000042"), null),
        ]);
    }

    [Fact]
    public void an_ipv6_fixed_ip_is_accepted() =>
        ServerRequest.From(Command(networksJson: """[{"uuid":"00000000-0000-0000-0000-000000000000","fixed_ip":"2001:db8:100::9"}]"""))
            .Networks.Single().FixedIp.ShouldBe(IPAddress.Parse("2001:db8:100::9"));

    [Fact]
    public void a_network_uuid_that_is_not_a_uuid_is_400_naming_it() =>
        BadRequest(Command(networksJson: """[{"uuid":"not-a-uuid"}]""")).Message.ShouldContain("not-a-uuid");

    [Theory]
    [InlineData("5")]
    [InlineData("\"everything\"")]
    [InlineData("{}")]
    [InlineData("true")]
    [InlineData("[5]")]
    [InlineData("[\"11111111-1111-1111-1111-111111111111\"]")]
    [InlineData("[{}]")]
    [InlineData("[{\"port\":\"p\"}]")]
    [InlineData("[{\"uuid\":5}]")]
    [InlineData("[{\"uuid\":null}]")]
    [InlineData("[{\"uuid\":\"11111111-1111-1111-1111-111111111111\",\"fixed_ip\":\"not-an-ip\"}]")]
    [InlineData("[{\"uuid\":\"11111111-1111-1111-1111-111111111111\",\"fixed_ip\":7}]")]
    [InlineData("[{\"uuid\":\"11111111-1111-1111-1111-111111111111\"},{\"uuid\":\"11111111-1111-1111-1111-111111111111\"}]")]
    public void malformed_networks_are_400(string networks) =>
        BadRequest(Command(networksJson: networks));
}
