using CloudNet.Tests.Support;

namespace CloudNet.Tests.History;

public class with_bad_history_queries(AppFixture app) : IClassFixture<AppFixture>
{
    [Theory]
    [InlineData("/history/volumes/00000000-0000-0000-0000-000000000001/events")]
    [InlineData("/history/servers/{server}?at=yesterday")]
    [InlineData("/history/servers/{server}?version=0")]
    [InlineData("/history/servers/{server}?version=-1")]
    [InlineData("/history/servers/{server}?version=1&at=2026-01-01T00:00:00Z")]
    [InlineData("/history/servers/{server}/events?limit=0")]
    [InlineData("/history/servers/{server}/events?limit=100000")]
    [InlineData("/history/servers/{server}/events?after=x")]
    [InlineData("/history/addresses/not-an-address")]
    [InlineData("/history/addresses/10.0.0.1?network_id=public")]
    [InlineData("/history/addresses/10.0.0.1?at=1%27%20or%201=1")]
    public async Task a_malformed_query_is_a_400_problem(string url)
    {
        var server = (await app.Host.CreateServer(TestAccount.Demo))["id"].Str();

        var result = await app.Host.As(TestAccount.Demo, x => x.Get.Url(url.Replace("{server}", server)));

        (await result.ShouldBeProblem(400))["code"].Str().ShouldBe("BadHistoryQuery");
    }

    [Theory]
    [InlineData("/history/servers/not-a-uuid/events")]
    [InlineData("/history/servers/00000000-0000-0000-0000-000000000009")]
    [InlineData("/history/networks/00000000-0000-0000-0000-0000000000f0/events")]
    [InlineData("/history/addresses/10.0.0.1?network_id=00000000-0000-0000-0000-000000000009")]
    public async Task an_unknown_resource_is_a_404_problem(string url)
    {
        var result = await app.Host.As(TestAccount.Demo, x => x.Get.Url(url));

        (await result.ShouldBeProblem(404))["code"].Str().ShouldBe("HistoryNotFound");
    }

    [Fact]
    public async Task without_a_token_history_is_a_401_problem()
    {
        var result = await app.Host.Scenario(x =>
        {
            x.Get.Url($"/history/addresses/198.51.100.2");
            x.IgnoreStatusCode();
        });

        await result.ShouldBeProblem(401);
    }

    [Fact]
    public async Task an_address_nobody_held_has_an_empty_history()
    {
        var answer = await app.Host.HistoryOk(TestAccount.Demo, "/history/addresses/198.51.100.250");
        var at = await app.Host.HistoryOk(TestAccount.Demo, $"/history/addresses/198.51.100.250?network_id={Scenarios.PublicNet}&at=2026-01-01T00:00:00Z");

        answer["holdings"]!.AsArray().ShouldBeEmpty();
        at["held"]!.GetValue<bool>().ShouldBeFalse();
    }

    [Fact]
    public async Task history_routes_are_in_the_openapi_document()
    {
        var result = await app.Host.Scenario(x => x.Get.Url("/openapi/v1.json"));
        var text = await result.ReadAsTextAsync();

        foreach (var route in new[] { "/history/{kind}/{id}/events", "/history/{kind}/{id}", "/history/addresses/{address}", "/history/requests/{requestId}" })
            text.ShouldContain($"\"{route}\"");
    }
}
