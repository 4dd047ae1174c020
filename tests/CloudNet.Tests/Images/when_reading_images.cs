using System.Text.Json.Nodes;
using Alba;
using CloudNet.Tests.Identity;
using CloudNet.Tests.Reliability;
using CloudNet.Tests.Support;

namespace CloudNet.Tests.Images;

/// <summary>
/// The image service as Glance v2 clients read it: the catalog's <c>image</c> entry, the versions document at its root,
/// the list (filters, sorting, paging with <c>next</c>) and the image, Glance's errors, the refusal to change images,
/// and nova's <c>/images</c> serving the very same images.
/// </summary>
public class when_reading_images(AppFixture app) : IClassFixture<AppFixture>
{
    static readonly string[] Configured = ["cirros-0.6.2", "ubuntu-24.04", "debian-12"];

    async Task<(int Status, JsonNode Body, IScenarioResult Result)> Get(string url, TestAccount? account = null)
    {
        var result = await app.Host.As(account ?? TestAccount.Demo, x => x.Get.Url(url));
        var text = await result.ReadAsTextAsync();
        result.Context.Response.ContentType.ShouldNotBeNull().ShouldStartWith("application/json");
        return (result.Status(), JsonNode.Parse(text)!, result);
    }

    async Task<JsonNode> Ok(string url)
    {
        var (status, body, _) = await Get(url);
        status.ShouldBe(200, $"{url}: {body.ToJsonString()}");
        return body;
    }

    static List<string> Names(JsonNode list) => list["images"]!.AsArray().Select(i => i!["name"].Str()).ToList();

    /// <summary>Glance's error body for a JSON client: <c>{"code":"404 Not Found","title":"Not Found","message":"…"}</c>.</summary>
    static void ShouldBeGlanceError(int status, JsonNode body, int expected, string title)
    {
        status.ShouldBe(expected, body.ToJsonString());
        body.AsObject().Select(p => p.Key).Order().ToArray().ShouldBe(["code", "message", "title"], body.ToJsonString());
        body["code"].Str().ShouldBe($"{expected} {title}");
        body["title"].Str().ShouldBe(title);
        body["message"].Str().ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task the_versions_document_answers_at_the_root_without_a_token_and_points_at_v2()
    {
        foreach (var url in new[] { "/image", "/image/", "/image/versions" })
        {
            var result = await app.Host.Scenario(x =>
            {
                x.Get.Url(url);
                x.FromAddress("https", "cloud.example.com:8443");
                x.IgnoreStatusCode();
            });
            result.Status().ShouldBe(url == "/image/versions" ? 200 : 300, url);
            result.Header("X-Openstack-Request-Id").ShouldNotBeNull();
            var versions = (await result.Json())["versions"]!.AsArray();
            versions.Single(v => v!["status"].Str() == "CURRENT")!["id"].Str().ShouldBe("v2.16");
            versions.Select(v => v!["id"].Str()).ShouldContain("v2.0");
            foreach (var version in versions)
                version!["links"]!.AsArray().Single(l => l!["rel"].Str() == "self")!["href"].Str().ShouldBe("https://cloud.example.com:8443/image/v2/");
        }
    }

    [Fact]
    public async Task the_list_holds_the_configured_images_newest_first_with_glances_fields()
    {
        var body = await Ok("/image/v2/images");

        body["first"].Str().ShouldBe("/v2/images");
        body["schema"].Str().ShouldBe("/v2/schemas/images");
        body.AsObject().ContainsKey("next").ShouldBeFalse("three images do not fill a page of 25");
        Names(body).ShouldBe(["ubuntu-24.04", "debian-12", "cirros-0.6.2"]);
        foreach (var image in body["images"]!.AsArray())
        {
            var id = Guid.Parse(image!["id"].Str()).ToString();
            image["status"].Str().ShouldBe("active");
            image["visibility"].Str().ShouldBe("public");
            image["protected"]!.GetValue<bool>().ShouldBeFalse();
            image["os_hidden"]!.GetValue<bool>().ShouldBeFalse();
            image["disk_format"].Str().ShouldBe("qcow2");
            image["container_format"].Str().ShouldBe("bare");
            image["size"]!.GetValue<long>().ShouldBeGreaterThan(1_000_000);
            image["virtual_size"]!.GetValue<long>().ShouldBeGreaterThan(image["size"]!.GetValue<long>());
            image["checksum"].Str().Length.ShouldBe(32);
            image["os_hash_algo"].Str().ShouldBe("sha512");
            image["os_hash_value"].Str().Length.ShouldBe(128);
            image["self"].Str().ShouldBe($"/v2/images/{id}");
            image["file"].Str().ShouldBe($"/v2/images/{id}/file");
            image["schema"].Str().ShouldBe("/v2/schemas/image");
            image["tags"]!.AsArray().ShouldBeEmpty();
            image["os_distro"].Str().ShouldNotBeNullOrWhiteSpace();
            DateTimeOffset.Parse(image["created_at"].Str()).ShouldBeLessThan(DateTimeOffset.UtcNow);
        }
    }

    [Fact]
    public async Task an_image_is_shown_by_id_with_the_same_stable_fields_each_time()
    {
        var listed = (await Ok("/image/v2/images?name=cirros-0.6.2"))["images"]!.AsArray().ShouldHaveSingleItem()!;
        var shown = await Ok($"/image/v2/images/{listed["id"].Str()}");

        JsonNode.DeepEquals(shown, listed).ShouldBeTrue(shown.ToJsonString());
        shown["id"].Str().ShouldBe("9a4f3c52-7e1b-4d2a-8c6f-0b5e1d3a7f21");
        shown["os_version"].Str().ShouldBe("0.6.2");
        JsonNode.DeepEquals(await Ok($"/image/v2/images/{listed["id"].Str()}"), shown).ShouldBeTrue();
    }

    [Fact]
    public async Task an_unknown_image_is_glances_404_and_an_anonymous_caller_keystones_401()
    {
        var (status, body, result) = await Get($"/image/v2/images/{Guid.NewGuid()}");
        ShouldBeGlanceError(status, body, 404, "Not Found");
        body["message"].Str().ShouldStartWith("No image found with ID");
        result.Header("X-Openstack-Request-Id").ShouldNotBeNull();
        var (notUuid, notUuidBody, _) = await Get("/image/v2/images/cirros-0.6.2");
        ShouldBeGlanceError(notUuid, notUuidBody, 404, "Not Found");
        var (route, routeBody, _) = await Get("/image/v2/no-such-collection");
        ShouldBeGlanceError(route, routeBody, 404, "Not Found");

        var anonymous = await app.Host.Scenario(x =>
        {
            x.Get.Url("/image/v2/images");
            x.IgnoreStatusCode();
        });
        anonymous.Status().ShouldBe(401);
        (await anonymous.Json())["error"]!["code"]!.GetValue<int>().ShouldBe(401);
    }

    [Theory]
    [InlineData("?name=debian-12", new[] { "debian-12" })]
    [InlineData("?name=in:debian-12,cirros-0.6.2", new[] { "debian-12", "cirros-0.6.2" })]
    [InlineData("?os_distro=ubuntu", new[] { "ubuntu-24.04" })]
    [InlineData("?size_min=100000000&size_max=400000000", new[] { "debian-12" })]
    [InlineData("?created_at=lt:2024-01-01T00:00:00Z&sort=name:asc", new[] { "cirros-0.6.2", "debian-12" })]
    [InlineData("?sort_key=size&sort_dir=asc", new[] { "cirros-0.6.2", "debian-12", "ubuntu-24.04" })]
    [InlineData("?sort=name:desc", new[] { "ubuntu-24.04", "debian-12", "cirros-0.6.2" })]
    [InlineData("?visibility=private", new string[0])]
    [InlineData("?visibility=all&status=active&disk_format=qcow2&container_format=bare&protected=false", new[] { "ubuntu-24.04", "debian-12", "cirros-0.6.2" })]
    [InlineData("?tag=gpu", new string[0])]
    [InlineData("?owner=someone", new string[0])]
    public async Task the_list_filters_and_sorts_as_glance_does(string query, string[] expected)
    {
        Names(await Ok($"/image/v2/images{query}")).ShouldBe(expected);
    }

    [Theory]
    [InlineData("?limit=x")]
    [InlineData("?limit=-1")]
    [InlineData("?sort_key=owner")]
    [InlineData("?sort_dir=up")]
    [InlineData("?sort=name&sort_key=size")]
    [InlineData("?visibility=everyone")]
    [InlineData("?size_min=big")]
    [InlineData("?protected=maybe")]
    [InlineData("?created_at=gte:yesterday")]
    [InlineData("?marker=3f2c9b1e-0000-4000-8000-000000000000")]
    public async Task a_bad_query_is_glances_400(string query)
    {
        var (status, body, _) = await Get($"/image/v2/images{query}");
        ShouldBeGlanceError(status, body, 400, "Bad Request");
    }

    [Fact]
    public async Task pages_follow_next_until_a_page_is_not_full()
    {
        var seen = new List<string>();
        var url = "/image/v2/images?limit=2&sort=name:asc";
        var pages = 0;
        while (true)
        {
            var page = await Ok(url.StartsWith("/v2/") ? "/image" + url : url);
            pages++;
            seen.AddRange(Names(page));
            if (page["next"] is not { } next) break;
            next.Str().ShouldStartWith("/v2/images?");
            next.Str().ShouldContain("limit=2");
            url = next.Str();
        }
        seen.ShouldBe(["cirros-0.6.2", "debian-12", "ubuntu-24.04"]);
        pages.ShouldBe(2);
    }

    [Theory]
    [InlineData("POST", "/image/v2/images", "add_image")]
    [InlineData("PATCH", "/image/v2/images/9a4f3c52-7e1b-4d2a-8c6f-0b5e1d3a7f21", "modify_image")]
    [InlineData("DELETE", "/image/v2/images/9a4f3c52-7e1b-4d2a-8c6f-0b5e1d3a7f21", "delete_image")]
    [InlineData("PUT", "/image/v2/images/9a4f3c52-7e1b-4d2a-8c6f-0b5e1d3a7f21/file", "upload_image")]
    public async Task images_cannot_be_created_uploaded_changed_or_deleted(string method, string url, string action)
    {
        var reply = await app.Host.SendRawAsync(new RawRequest(method, url).WithHeader("X-Auth-Token", await app.Host.TokenFor(TestAccount.Demo))
            .WithJson("""{"name":"mine","disk_format":"qcow2","container_format":"bare"}"""));
        var body = reply.Json;
        ShouldBeGlanceError(reply.Status, body, 403, "Forbidden");
        body["message"].Str().ShouldContain(action);
        Names(await Ok("/image/v2/images")).Order().ShouldBe(Configured.Order());
    }

    [Fact]
    public async Task novas_images_are_the_same_images()
    {
        var glance = (await Ok("/image/v2/images"))["images"]!.AsArray();
        foreach (var prefix in new[] { "", $"/v2/{TestAccount.Demo.TenantId}", $"/v2.1/{TestAccount.Demo.TenantId}" })
        {
            var nova = (await Ok($"{prefix}/images/detail"))["images"]!.AsArray();
            nova.Select(i => (i!["id"].Str(), i["name"].Str())).ShouldBe(glance.Select(i => (i!["id"].Str(), i["name"].Str())));
            foreach (var image in nova)
            {
                var same = glance.Single(i => i!["id"].Str() == image!["id"].Str())!;
                image!["status"].Str().ShouldBe("ACTIVE");
                image["minDisk"]!.GetValue<int>().ShouldBe(same["min_disk"]!.GetValue<int>());
                image["minRam"]!.GetValue<int>().ShouldBe(same["min_ram"]!.GetValue<int>());
                image["OS-EXT-IMG-SIZE:size"]!.GetValue<long>().ShouldBe(same["size"]!.GetValue<long>());
                image["metadata"]!["os_distro"].Str().ShouldBe(same["os_distro"].Str());
                image["links"]!.AsArray().Select(l => l!["rel"].Str()).ShouldBe(["self", "bookmark", "alternate"]);
            }
            (await Ok($"{prefix}/images?name=debian-12"))["images"]!.AsArray().ShouldHaveSingleItem()!["name"].Str().ShouldBe("debian-12");
        }
        var (status, body, _) = await Get($"/images/{Guid.NewGuid()}");
        status.ShouldBe(404);
        body["itemNotFound"]!["message"].Str().ShouldBe("Image not found.");
    }
}
