using System.Text.Json.Nodes;
using CloudNet.Tests.Identity;
using CloudNet.Tests.Networks.FloatingIps;
using CloudNet.Tests.Support;

namespace CloudNet.Tests.Networks;

/// <summary>
/// Neutron's own root, <c>/networking</c>, which the catalog gives OpenStack clients as their unversioned <c>network</c>
/// endpoint: its versions document (no token), its <c>v2.0</c> resource list, and every <c>/v2.0</c> Neutron route beneath
/// it, with Neutron's errors and authentication, while <c>/v2.0</c> at the service root stays Keystone v2's document.
/// </summary>
public class when_discovering_neutron(AppFixture app) : IClassFixture<AppFixture>
{
    [Theory]
    [InlineData("/networking")]
    [InlineData("/networking/")]
    public async Task the_root_answers_neutrons_versions_document_without_a_token(string url)
    {
        var reply = await app.Host.SendRaw(null, "GET", url);

        reply.Status.ShouldBe(200, reply.Body);
        reply.ContentType.ShouldBe("application/json");
        reply.RequestId.ShouldNotBeNullOrWhiteSpace();
        JsonNode.DeepEquals(JsonNode.Parse(reply.Body), JsonNode.Parse("""
            {"versions":[{"id":"v2.0","status":"CURRENT","links":[{"rel":"self","href":"http://localhost/networking/v2.0/"}]}]}
            """)).ShouldBeTrue(reply.Body);
    }

    [Fact]
    public async Task the_version_link_follows_the_address_the_client_used()
    {
        var result = await app.Host.Scenario(x =>
        {
            x.Get.Url("/networking");
            x.FromAddress("https", "cloud.example.com:8443");
            x.StatusCodeShouldBe(200);
        });

        (await result.Json())["versions"]![0]!["links"]![0]!["href"].Str().ShouldBe("https://cloud.example.com:8443/networking/v2.0/");
    }

    [Fact]
    public async Task the_service_roots_v2_0_is_still_keystones_version_document()
    {
        var reply = await app.Host.SendRaw(null, "GET", "/v2.0");

        reply.Status.ShouldBe(200, reply.Body);
        JsonNode.Parse(reply.Body)!["version"]!["status"].Str().ShouldBe("stable");
    }

    [Theory]
    [InlineData("/networking/v2.0")]
    [InlineData("/networking/v2.0/")]
    public async Task v2_0_lists_the_core_resources_with_their_collection_links(string url)
    {
        var reply = await app.Host.SendRaw(TestAccount.Demo, "GET", url);

        reply.Status.ShouldBe(200, reply.Body);
        var resources = JsonNode.Parse(reply.Body)!["resources"]!.AsArray();
        resources.Select(r => (r!["name"].Str(), r["collection"].Str())).ShouldBe([("network", "networks"), ("subnet", "subnets"), ("port", "ports")]);
        foreach (var resource in resources)
        {
            var link = resource!["links"]!.AsArray().ShouldHaveSingleItem()!;
            link["rel"].Str().ShouldBe("self");
            link["href"].Str().ShouldBe($"http://localhost/networking/v2.0/{resource["collection"].Str()}");

            // Each link answers its collection.
            var listed = await app.Host.SendRaw(TestAccount.Demo, "GET", new Uri(link["href"].Str()).AbsolutePath);
            listed.Status.ShouldBe(200, listed.Body);
            JsonNode.Parse(listed.Body)![resource["collection"].Str()].ShouldBeOfType<JsonArray>();
        }
    }

    [Theory]
    [InlineData("GET", "/networking/v2.0")]
    [InlineData("GET", "/networking/v2.0/networks")]
    [InlineData("POST", "/networking/v2.0/floatingips")]
    public async Task below_the_versions_document_a_token_is_needed(string method, string url)
    {
        var reply = await app.Host.SendRaw(null, method, url, method == "POST" ? "{}" : null);

        reply.ShouldBeNeutronError(401);
    }

    [Fact]
    public async Task a_network_made_through_the_neutron_root_is_the_one_the_service_root_shows()
    {
        var created = await app.Host.SendRaw(TestAccount.Demo, "POST", "/networking/v2.0/networks", """{"network":{"name":"via-root"}}""");
        created.Status.ShouldBe(201, created.Body);
        var id = JsonNode.Parse(created.Body)!["network"]!["id"].Str();

        var atRoot = await app.Host.SendRaw(TestAccount.Demo, "GET", $"/v2.0/networks/{id}");
        var beneath = await app.Host.SendRaw(TestAccount.Demo, "GET", $"/networking/v2.0/networks/{id}");
        atRoot.Status.ShouldBe(200, atRoot.Body);
        beneath.Body.ShouldBe(atRoot.Body);
        (await app.Host.ListNetworks(TestAccount.Demo, "?name=via-root")).Ids().ShouldBe([id]);

        var deleted = await app.Host.SendRaw(TestAccount.Demo, "DELETE", $"/networking/v2.0/networks/{id}");
        deleted.Status.ShouldBe(204, deleted.Body);
        (await app.Host.SendRaw(TestAccount.Demo, "GET", $"/v2.0/networks/{id}")).ShouldBeNeutronError(404);
    }

    [Fact]
    public async Task paging_links_keep_the_neutron_root()
    {
        await app.Host.CreateFloatingIp(TestAccount.Demo);
        await app.Host.CreateFloatingIp(TestAccount.Demo);

        var page = await app.Host.SendRaw(TestAccount.Demo, "GET", "/networking/v2.0/floatingips?limit=1");

        page.Status.ShouldBe(200, page.Body);
        var next = JsonNode.Parse(page.Body)!["floatingips_links"]!.AsArray().Single(l => l!["rel"].Str() == "next")!["href"].Str();
        next.ShouldStartWith("http://localhost/networking/v2.0/floatingips?");
        var following = await app.Host.SendRaw(TestAccount.Demo, "GET", next["http://localhost".Length..]);
        following.Status.ShouldBe(200, following.Body);
        JsonNode.Parse(following.Body)!["floatingips"]!.AsArray().Count.ShouldBe(1);
    }

    [Theory]
    [InlineData("GET", "/networking/v2.0/whatever")]
    [InlineData("GET", "/networking/v3")]
    [InlineData("GET", "/networking/networks")]
    [InlineData("GET", "/networking/v2.0/tokens")]
    [InlineData("GET", "/networking/v2.0/tenants")]
    public async Task an_unknown_route_beneath_the_root_is_neutrons_404(string method, string url)
    {
        var reply = await app.Host.SendRaw(TestAccount.Demo, method, url);

        reply.ShouldBeNeutronError(404);
    }

    [Fact]
    public async Task tokens_are_not_issued_beneath_the_neutron_root()
    {
        var reply = await app.Host.SendRaw(TestAccount.Demo, "POST", "/networking/v2.0/tokens",
            IdentityRequests.V2Password(TestAccount.Demo.User, TestAccount.Demo.Password));

        reply.ShouldBeNeutronError(404);
    }

    [Theory]
    [InlineData("PUT", "/networking", "{}")]
    [InlineData("DELETE", "/networking/v2.0", null)]
    public async Task a_wrong_method_on_a_discovery_document_is_neutrons_405(string method, string url, string? body)
    {
        var reply = await app.Host.SendRaw(TestAccount.Demo, method, url, body);

        reply.ShouldBeNeutronError(405);
    }

    [Fact]
    public async Task malformed_json_beneath_the_root_is_neutrons_400()
    {
        var reply = await app.Host.SendRaw(TestAccount.Demo, "POST", "/networking/v2.0/networks", "{");

        reply.ShouldBeNeutronError(400, "BadRequest", "InvalidInput");
    }
}
