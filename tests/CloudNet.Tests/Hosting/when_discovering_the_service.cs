using System.Text.Json.Nodes;
using Alba;
using CloudNet.Tests.Identity;
using CloudNet.Tests.Support;
using Microsoft.OpenApi;

namespace CloudNet.Tests.Hosting;

/// <summary>What a client reads before (and just after) it has a token: version documents, extensions,
/// flavors and images, health, the OpenAPI document and its browsable UI.</summary>
public class when_discovering_the_service(AppFixture app) : IClassFixture<AppFixture>
{
    const string DemoTenant = "7a3c5e0f9b2d4c6e8f1a3b5c7d9e0f12";

    async Task<(IScenarioResult Result, JsonNode Body)> Anonymous(string url)
    {
        var result = await app.Host.Scenario(x =>
        {
            x.Get.Url(url);
            x.WithRequestHeader("Accept", "application/json");
            x.IgnoreStatusCode();
        });
        var text = await result.ReadAsTextAsync();
        result.Status().ShouldBe(200, $"GET {url}: {text}");
        result.Context.Response.ContentType!.ShouldStartWith("application/json");
        return (result, JsonNode.Parse(text)!);
    }

    async Task<JsonNode> WithToken(string url)
    {
        var result = await app.Host.As(TestAccount.Demo, x => x.Get.Url(url));
        var text = await result.ReadAsTextAsync();
        result.Status().ShouldBe(200, $"GET {url}: {text}");
        result.Context.Response.ContentType!.ShouldStartWith("application/json");
        return JsonNode.Parse(text)!;
    }

    static void ShouldBeComputeVersion(JsonNode version, string id, string root)
    {
        version.AsObject().Select(p => p.Key).ShouldBeSubsetOf(["id", "status", "version", "min_version", "updated", "links"]);
        version.AsObject().Select(p => p.Key).ShouldContain("min_version");
        version["id"].Str().ShouldBe(id);
        version["status"].Str().ShouldBeOneOf("CURRENT", "SUPPORTED", "DEPRECATED");
        version["version"].ShouldNotBeNull();
        version["min_version"].ShouldNotBeNull();
        var self = version["links"]!.AsArray().Single(l => l!["rel"].Str() == "self")!;
        self["href"].Str().ShouldBe($"{root}/{(id == "v2.0" ? "v2" : id)}/");
    }

    [Fact]
    public async Task the_root_lists_the_compute_versions_without_a_token()
    {
        var (_, body) = await Anonymous("/");
        var versions = body["versions"]!.AsArray();
        versions.Select(v => v!["id"].Str()).ShouldBe(["v2.0", "v2.1"], ignoreOrder: true);
        foreach (var version in versions) ShouldBeComputeVersion(version!, version!["id"].Str(), "http://localhost");
        versions.Single(v => v!["id"].Str() == "v2.0")!["version"].Str().ShouldBe(""); // as nova: no microversions on v2.0
    }

    [Theory]
    [InlineData("/v2", "v2.0")]
    [InlineData("/v2/", "v2.0")]
    [InlineData("/v2.1", "v2.1")]
    [InlineData("/v2.1/", "v2.1")]
    public async Task each_compute_version_document_answers_without_a_token(string url, string id)
    {
        var (_, body) = await Anonymous(url);
        body.AsObject().Select(p => p.Key).ShouldBe(["version"]);
        ShouldBeComputeVersion(body["version"]!, id, "http://localhost");
    }

    [Fact]
    public async Task version_links_follow_the_address_the_client_used()
    {
        var result = await app.Host.Scenario(x =>
        {
            x.Get.Url("/v2");
            x.FromAddress("https", "cloud.example.com:8443");
            x.StatusCodeShouldBe(200);
        });
        ShouldBeComputeVersion((await result.Json())["version"]!, "v2.0", "https://cloud.example.com:8443");
    }

    [Fact]
    public async Task the_compute_catalog_url_itself_answers_a_version_document_without_a_token()
    {
        // keystoneauth's fallback when GET /v2 fails: GET {base}/v2/{tenant}, first without the token.
        var (_, body) = await Anonymous($"/v2/{DemoTenant}");
        var versions = body["versions"]?.AsArray() ?? new JsonArray(body["version"]!.DeepClone());
        versions.Select(v => v!["id"].Str()).ShouldContain("v2.0");
    }

    [Theory]
    [InlineData("/v2.0", "v2.0")]
    [InlineData("/v2.0/", "v2.0")]
    [InlineData("/v3", "v3")]
    [InlineData("/v3/", "v3")]
    public async Task the_identity_version_documents_answer_without_a_token(string url, string idPrefix)
    {
        var (result, body) = await Anonymous(url);
        var version = body["version"]!;
        version["id"].Str().ShouldStartWith(idPrefix);
        version["status"].Str().ShouldBe("stable");
        version["links"]!.AsArray().Single(l => l!["rel"].Str() == "self")!["href"].Str().ShouldBe($"http://localhost/{idPrefix}/");
        result.Header("X-Openstack-Request-Id").ShouldNotBeNull();
    }

    [Theory]
    [InlineData("/extensions")]
    [InlineData($"/v2/{DemoTenant}/extensions")]
    public async Task extensions_list_the_ones_clients_look_for(string url)
    {
        var extensions = (await WithToken(url))["extensions"]!.AsArray();
        extensions.Select(e => e!["alias"].Str()).ShouldContainAll(
            ["os-floating-ip-pools", "os-floating-ips", "os-virtual-interfacesv2", "os-networksv2", "ip_associations"]);
        foreach (var extension in extensions)
        {
            extension!["name"].Str().ShouldNotBeNullOrWhiteSpace();
            extension["description"].Str().ShouldNotBeNullOrWhiteSpace();
            extension["links"].ShouldBeOfType<JsonArray>();
            IdentityRequests.ParseIso8601(extension["updated"].Str());
        }
        extensions.Select(e => e!["alias"].Str()).ShouldBeUnique();
    }

    [Fact]
    public async Task flavors_are_listed_briefly_and_in_detail()
    {
        var brief = (await WithToken("/flavors"))["flavors"]!.AsArray();
        var detail = (await WithToken("/flavors/detail"))["flavors"]!.AsArray();
        brief.ShouldNotBeEmpty();
        detail.Select(f => f!["id"].Str()).ShouldBe(brief.Select(f => f!["id"].Str()));
        detail.Select(f => f!["name"].Str()).ShouldBe(brief.Select(f => f!["name"].Str()));
        foreach (var flavor in brief) flavor!.AsObject().Select(p => p.Key).Order().ShouldBe(["id", "links", "name"]);
        foreach (var flavor in detail)
        {
            flavor!["ram"]!.GetValue<int>().ShouldBeGreaterThan(0);
            flavor["vcpus"]!.GetValue<int>().ShouldBeGreaterThan(0);
            flavor["disk"]!.GetValue<int>().ShouldBeGreaterThanOrEqualTo(0);
            var self = flavor["links"]!.AsArray().Single(l => l!["rel"].Str() == "self")!["href"].Str();
            self.ShouldBe($"http://localhost/flavors/{flavor["id"].Str()}");
        }
    }

    [Fact]
    public async Task a_flavor_is_shown_and_an_unknown_one_is_item_not_found()
    {
        var first = (await WithToken("/flavors"))["flavors"]![0]!["id"].Str();
        (await WithToken($"/flavors/{first}"))["flavor"]!["id"].Str().ShouldBe(first);

        var missing = await app.Host.As(TestAccount.Demo, x => x.Get.Url("/flavors/no-such-flavor"));
        await missing.ShouldBeNovaFault(404, "itemNotFound");
    }

    [Fact]
    public async Task images_are_listed_briefly_and_in_detail()
    {
        var brief = (await WithToken("/images"))["images"]!.AsArray();
        var detail = (await WithToken("/images/detail"))["images"]!.AsArray();
        brief.ShouldNotBeEmpty();
        detail.Select(i => i!["id"].Str()).ShouldBe(brief.Select(i => i!["id"].Str()));
        foreach (var image in brief)
        {
            image!.AsObject().Select(p => p.Key).Order().ShouldBe(["id", "links", "name"]);
            Guid.TryParse(image["id"].Str(), out _).ShouldBeTrue();
        }
        foreach (var image in detail)
        {
            image!["status"].Str().ShouldBe("ACTIVE");
            image["name"].Str().ShouldNotBeNullOrWhiteSpace();
        }

        var first = brief[0]!["id"].Str();
        (await WithToken($"/images/{first}"))["image"]!["id"].Str().ShouldBe(first);
        var missing = await app.Host.As(TestAccount.Demo, x => x.Get.Url($"/images/{Guid.NewGuid()}"));
        await missing.ShouldBeNovaFault(404, "itemNotFound");
    }

    [Fact]
    public async Task flavor_links_under_the_catalog_prefix_keep_the_prefix()
    {
        var flavors = (await WithToken($"/v2/{DemoTenant}/flavors"))["flavors"]!.AsArray();
        foreach (var flavor in flavors)
        {
            var links = flavor!["links"]!.AsArray();
            links.Single(l => l!["rel"].Str() == "self")!["href"].Str().ShouldBe($"http://localhost/v2/{DemoTenant}/flavors/{flavor["id"].Str()}");
            links.Single(l => l!["rel"].Str() == "bookmark")!["href"].Str().ShouldBe($"http://localhost/flavors/{flavor["id"].Str()}");
        }
    }

    [Fact]
    public async Task health_is_200_without_a_token()
    {
        var (_, body) = await Anonymous("/health");
        body["status"].Str().ShouldBe("ok");
    }

    [Fact]
    public async Task the_openapi_document_is_valid_and_lists_the_api()
    {
        var (_, body) = await Anonymous("/openapi/v1.json");
        body["openapi"].Str().ShouldStartWith("3.");

        var read = OpenApiDocument.Parse(body.ToJsonString(), "json");
        read.Diagnostic.ShouldNotBeNull().Errors.ShouldBeEmpty(string.Join("; ", read.Diagnostic!.Errors.Select(e => $"{e.Pointer}: {e.Message}")));
        var paths = read.Document.ShouldNotBeNull().Paths;
        paths.Keys.ShouldContainAll(["/os-floating-ips", "/servers", "/v2.0/tokens", "/v3/auth/tokens", "/health"]);
        paths["/os-floating-ips"].Operations.ShouldNotBeNull().Keys.Select(m => m.Method).ShouldContainAll(["GET", "POST"]);
        paths["/v2.0/tokens"].Operations!.Keys.Select(m => m.Method).ShouldContain("POST");
    }

    [Fact]
    public async Task what_endpoints_take_from_the_request_itself_is_no_parameter_of_the_openapi_document()
    {
        // The caller (authentication), the cancellation token and the HttpContext are bound by the service, not sent.
        var (_, body) = await Anonymous("/openapi/v1.json");
        var named = body["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Where(op => op.Value is JsonObject o && o["parameters"] is JsonArray)
                .SelectMany(op => op.Value!["parameters"]!.AsArray().Select(p => $"{op.Key.ToUpperInvariant()} {path.Key}: {p!["name"]}")))
            .ToList();
        named.ShouldNotBeEmpty();
        named.Where(p => p.EndsWith(": caller") || p.EndsWith(": ct") || p.EndsWith(": context") || p.EndsWith(": cancellation")).ShouldBeEmpty();
        // Nor is the caller taken for a request body: a GET has none.
        body["paths"]!.AsObject().Where(path => path.Value!["get"]?["requestBody"] is not null).Select(path => path.Key).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("/scalar/v1")]
    [InlineData("/scalar/")]
    public async Task the_scalar_ui_answers_without_a_token(string url)
    {
        var result = await app.Host.Scenario(x =>
        {
            x.Get.Url(url);
            x.WithRequestHeader("Accept", "text/html");
            x.IgnoreStatusCode();
        });
        result.Status().ShouldBe(200);
        result.Context.Response.ContentType!.ShouldStartWith("text/html");
        var page = await result.ReadAsTextAsync();
        page.ShouldContain("openapi/v1.json");
        page.ShouldContain("scalar.js");

        // The page loads its script relative to itself: /scalar/scalar.js.
        var script = await app.Host.Scenario(x =>
        {
            x.Get.Url("/scalar/scalar.js");
            x.IgnoreStatusCode();
        });
        script.Status().ShouldBe(200);
        script.Context.Response.ContentType!.ShouldContain("javascript");
    }
}
