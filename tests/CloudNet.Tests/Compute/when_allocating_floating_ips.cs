using System.Net;
using System.Text.Json.Nodes;
using CloudNet.Tests.Support;

namespace CloudNet.Tests.Compute;

public class when_allocating_floating_ips(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task seed_003_http_basic_allocates_with_the_seed_body()
    {
        var result = await app.Host.Scenario(x =>
        {
            x.Post.Url("/os-floating-ips");
            x.WithRequestHeader("Authorization", TestAccount.Demo.BasicHeader);
            x.StatusCodeShouldBe(202);
        });

        result.Context.Response.ContentType.ShouldStartWith("application/json");
        var ip = (await result.Json())["floating_ip"]!.AsObject();
        ip.Select(p => p.Key).Order().ShouldBe(["fixed_ip", "id", "instance_id", "ip", "links", "pool"]);
        ip["instance_id"].ShouldBeNull();
        ip["fixed_ip"].ShouldBeNull();
        ip["pool"].Str().ShouldBe("default");
        Guid.TryParse(ip["id"].Str(), out _).ShouldBeTrue();
        var address = IPAddress.Parse(ip["ip"].Str());
        IPNetwork.Parse("203.0.113.0/24").Contains(address).ShouldBeTrue();
        var link = ip["links"]!.AsArray().Single()!;
        link["rel"].Str().ShouldBe("self");
        link["href"].Str().ShouldBe($"http://localhost/os-floating-ips/{address}/");
    }

    [Fact]
    public async Task seed_003_bad_basic_credentials_get_the_seed_plain_text()
    {
        var result = await app.Host.Scenario(x =>
        {
            x.Post.Url("/os-floating-ips");
            x.WithRequestHeader("Authorization", "Basic " + Convert.ToBase64String("demo:wrong"u8.ToArray()));
            x.StatusCodeShouldBe(401);
        });
        (await result.ReadAsTextAsync()).ShouldBe(
            "401 Unauthorized This server could not verify that you are authorized to access the document you requested. Either you supplied the wrong credentials (e.g., bad password), or your browser does not understand how to supply the credentials required.");
        result.Context.Response.ContentType!.ShouldStartWith("text/plain");
    }

    [Fact]
    public async Task with_a_token_and_a_named_pool()
    {
        var result = await app.Host.As(TestAccount.Demo, x => x.Post.Json(new { pool = "default" }).ToUrl("/os-floating-ips"));
        result.Status().ShouldBe(202);
        (await result.Json())["floating_ip"]!["pool"].Str().ShouldBe("default");
    }

    [Fact]
    public async Task an_unknown_pool_is_404_item_not_found()
    {
        var result = await app.Host.As(TestAccount.Demo, x => x.Post.Json(new { pool = "nope" }).ToUrl("/os-floating-ips"));
        result.Status().ShouldBe(404);
        (await result.Json())["itemNotFound"]!["code"]!.GetValue<int>().ShouldBe(404);
    }

    [Fact]
    public async Task no_credentials_is_a_json_401()
    {
        var result = await app.Host.Scenario(x =>
        {
            x.Post.Url("/os-floating-ips");
            x.StatusCodeShouldBe(401);
        });
        (await result.Json())["unauthorized"]!["code"]!.GetValue<int>().ShouldBe(401);
    }

    [Fact]
    public async Task pools_are_listed()
    {
        var result = await app.Host.As(TestAccount.Demo, x => x.Get.Url("/os-floating-ip-pools"));
        (await result.Json()).ToJsonString().ShouldBe("""{"floating_ip_pools":[{"name":"default"}]}""");
    }
}

/// <summary>The optional allocate bodies clients send: none (seed 003), <c>{}</c> (pkgcloud) or a null pool (nova).</summary>
public class when_allocating_floating_ips_with_optional_bodies(AppFixture app) : IClassFixture<AppFixture>
{
    [Theory]
    [InlineData(null, null)]
    [InlineData("", "application/json")]
    [InlineData("{}", "application/json")]
    [InlineData("""{"pool":null}""", "application/json")]
    [InlineData("""{"pool":"default"}""", "application/json; charset=UTF-8")]
    public async Task each_allocates_from_the_default_pool(string? body, string? contentType)
    {
        using var client = app.Host.Server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/os-floating-ips");
        request.Headers.Add("X-Auth-Token", await app.Host.TokenFor(TestAccount.Demo));
        if (body is not null)
        {
            request.Content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(body));
            request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType!);
        }

        using var response = await client.SendAsync(request);

        var text = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).ShouldBe(202, text);
        response.Headers.GetValues("X-Compute-Request-Id").Single().ShouldNotBeNullOrWhiteSpace();
        var ip = JsonNode.Parse(text)!["floating_ip"]!;
        ip["pool"].Str().ShouldBe("default");
        IPNetwork.Parse("203.0.113.0/24").Contains(IPAddress.Parse(ip["ip"].Str())).ShouldBeTrue();
    }
}
