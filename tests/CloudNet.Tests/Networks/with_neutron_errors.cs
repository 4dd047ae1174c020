using CloudNet.Tests.Support;

namespace CloudNet.Tests.Networks;

/// <summary>
/// Errors the framework raises on <c>/v2.0/...</c> networks routes (malformed JSON, a wrong method, an unknown route,
/// no credentials) leave in Neutron's format, <c>{"NeutronError":{"type","message","detail":""}}</c>, with
/// <c>X-Openstack-Request-Id</c>, like the errors the endpoints raise themselves.
/// </summary>
public class with_neutron_errors(AppFixture app) : IClassFixture<AppFixture>
{
    [Theory]
    [InlineData("/v2.0/networks", "{")]
    [InlineData("/v2.0/networks", "not json")]
    [InlineData("/v2.0/networks", """{"network":{"name":"x"}} trailing""")]
    [InlineData("/v2.0/networks", """{"network":{"name":"x",}}""")]
    [InlineData("/v2.0/subnets", "{")]
    [InlineData("/v2.0/subnets", """{"subnet":{"cidr":"10.0.0.0/24",}}""")]
    public async Task malformed_json_is_400(string url, string body)
    {
        var reply = await app.Host.SendRaw(TestAccount.Demo, "POST", url, body);

        reply.ShouldBeNeutronError(400, "BadRequest", "InvalidInput");
    }

    [Theory]
    [InlineData("/v2.0/networks", "text/plain")]
    [InlineData("/v2.0/subnets", "application/xml")]
    public async Task a_body_that_is_not_json_is_a_4xx(string url, string contentType)
    {
        var reply = await app.Host.SendRaw(TestAccount.Demo, "POST", url, "<network/>", contentType);

        reply.Status.ShouldBeInRange(400, 499, reply.Body);
        reply.ContentType.ShouldBe("application/json");
        NetworkScenarios.ShouldBeNeutronBody(reply.Body);
    }

    [Theory]
    [InlineData("/v2.0/networks")]
    [InlineData("/v2.0/subnets")]
    public async Task a_body_over_1_mib_is_413(string url)
    {
        var body = "{\"network\":{\"name\":\"" + new string('x', 1024 * 1024 + 10) + "\"}}";

        var reply = await app.Host.SendRaw(TestAccount.Demo, "POST", url, body);

        reply.ShouldBeNeutronError(413);
    }

    [Theory]
    [InlineData("PUT", "/v2.0/networks")]
    [InlineData("PATCH", "/v2.0/networks/11111111-1111-1111-1111-111111111111")]
    [InlineData("POST", "/v2.0/networks/11111111-1111-1111-1111-111111111111")]
    [InlineData("DELETE", "/v2.0/networks")]
    [InlineData("DELETE", "/v2.0/subnets")]
    [InlineData("POST", "/v2.0/subnets/8c7f1c5e-3c1d-4e4b-9d2a-0a5b6c7d8e9f")]
    public async Task a_wrong_method_is_405(string method, string url)
    {
        var reply = await app.Host.SendRaw(TestAccount.Demo, method, url, method is "GET" or "DELETE" ? null : "{}");

        reply.ShouldBeNeutronError(405);
    }

    [Theory]
    [InlineData("/v2.0/whatever")]
    [InlineData("/v2.0/networks/11111111-1111-1111-1111-111111111111/ports")]
    [InlineData("/v2.0/subnetpools")]
    public async Task an_unknown_route_is_404(string url)
    {
        var reply = await app.Host.SendRaw(TestAccount.Demo, "GET", url);

        reply.ShouldBeNeutronError(404);
    }

    [Theory]
    [InlineData("GET", "/v2.0/networks")]
    [InlineData("POST", "/v2.0/networks")]
    [InlineData("GET", "/v2.0/subnets")]
    [InlineData("DELETE", "/v2.0/networks/11111111-1111-1111-1111-111111111111")]
    [InlineData("GET", "/v2.0/whatever")]
    public async Task no_credentials_is_401(string method, string url)
    {
        var reply = await app.Host.SendRaw(null, method, url, method == "POST" ? """{"network":{"name":"anon"}}""" : null);

        reply.ShouldBeNeutronError(401);
    }

    [Fact]
    public async Task a_bad_token_is_401()
    {
        using var client = app.Host.Server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v2.0/networks");
        request.Headers.Add("X-Auth-Token", "not-a-token");

        using var response = await client.SendAsync(request);

        var body = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).ShouldBe(401, body);
        NetworkScenarios.ShouldBeNeutronBody(body);
    }

    [Fact]
    public async Task every_networks_response_carries_a_request_id_of_its_own()
    {
        var list = await app.Host.SendRaw(TestAccount.Demo, "GET", "/v2.0/networks");
        var again = await app.Host.SendRaw(TestAccount.Demo, "GET", "/v2.0/subnets");
        var missing = await app.Host.SendRaw(TestAccount.Demo, "GET", $"/v2.0/networks/{Guid.NewGuid()}");

        list.Status.ShouldBe(200);
        list.ContentType.ShouldBe("application/json");
        list.RequestId.ShouldNotBeNullOrWhiteSpace();
        again.RequestId.ShouldNotBeNullOrWhiteSpace();
        missing.RequestId.ShouldNotBeNullOrWhiteSpace();
        new[] { list.RequestId, again.RequestId, missing.RequestId }.Distinct().Count().ShouldBe(3);
    }
}
