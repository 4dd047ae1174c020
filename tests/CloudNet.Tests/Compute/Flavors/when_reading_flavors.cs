using System.Text.Json;
using System.Text.Json.Nodes;
using CloudNet.Tests.Support;

namespace CloudNet.Tests.Compute.Flavors;

/// <summary>
/// Flavors as nova clients read them: every field of the detail at the microversion asked for, the extra specs
/// openstacksdk fetches for each flavor it lists, and the list's filters, sorting and paging.
/// </summary>
public class when_reading_flavors(AppFixture app) : IClassFixture<AppFixture>
{
    async Task<(int Status, JsonNode Body)> Get(string url, string? microversion = null, string header = "OpenStack-API-Version")
    {
        var result = await app.Host.As(TestAccount.Demo, x =>
        {
            x.Get.Url(url);
            if (microversion is not null) x.WithRequestHeader(header, header == "OpenStack-API-Version" ? $"compute {microversion}" : microversion);
        });
        return (result.Status(), JsonNode.Parse(await result.ReadAsTextAsync())!);
    }

    async Task<JsonNode> Ok(string url, string? microversion = null, string header = "OpenStack-API-Version")
    {
        var (status, body) = await Get(url, microversion, header);
        status.ShouldBe(200, $"{url}: {body.ToJsonString()}");
        return body;
    }

    static List<string> Ids(JsonNode body) => body["flavors"]!.AsArray().Select(f => f!["id"].Str()).ToList();

    static readonly string[] DetailAt21 =
    [
        "OS-FLV-DISABLED:disabled", "OS-FLV-EXT-DATA:ephemeral", "disk", "id", "links", "name", "os-flavor-access:is_public", "ram",
        "rxtx_factor", "swap", "vcpus",
    ];

    [Fact]
    public async Task the_detail_has_every_field_of_microversion_2_1_in_id_order()
    {
        var body = await Ok("/flavors/detail");
        Ids(body).ShouldBe(["1", "2", "3", "general1-1", "general1-2", "general1-4"]);
        foreach (var flavor in body["flavors"]!.AsArray())
        {
            flavor!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal).ShouldBe(DetailAt21);
            flavor["swap"].Str().ShouldBe("");
            flavor["OS-FLV-EXT-DATA:ephemeral"]!.GetValue<int>().ShouldBe(0);
            flavor["OS-FLV-DISABLED:disabled"]!.GetValue<bool>().ShouldBeFalse();
            flavor["os-flavor-access:is_public"]!.GetValue<bool>().ShouldBeTrue();
            flavor["rxtx_factor"]!.GetValue<double>().ShouldBe(1.0);
        }
        var tiny = body["flavors"]![0]!;
        (tiny["name"].Str(), tiny["ram"]!.GetValue<int>(), tiny["vcpus"]!.GetValue<int>(), tiny["disk"]!.GetValue<int>()).ShouldBe(("m1.tiny", 512, 1, 1));
        JsonNode.DeepEquals((await Ok("/flavors/1"))["flavor"], tiny).ShouldBeTrue();
    }

    [Theory]
    [InlineData("OpenStack-API-Version")]
    [InlineData("X-OpenStack-Nova-API-Version")]
    public async Task later_microversions_add_the_description_and_extra_specs_and_number_the_swap(string header)
    {
        var at55 = (await Ok("/flavors/general1-1", "2.55", header))["flavor"]!.AsObject();
        at55.ContainsKey("description").ShouldBeTrue();
        at55.ContainsKey("extra_specs").ShouldBeFalse();
        (await Ok("/flavors", "2.55", header))["flavors"]![0]!.AsObject().Select(p => p.Key).Order().ShouldBe(["description", "id", "links", "name"]);

        var at61 = (await Ok("/flavors/general1-1", "2.61", header))["flavor"]!;
        at61["extra_specs"]!["class"].Str().ShouldBe("general1");
        at61["swap"].Str().ShouldBe("");
        var at75 = (await Ok("/flavors/detail", "2.75", header))["flavors"]!.AsArray();
        at75.ShouldAllBe(f => f!["swap"]!.GetValueKind() == JsonValueKind.Number && f["extra_specs"] != null);
    }

    [Fact]
    public async Task extra_specs_are_listed_and_shown_by_key()
    {
        (await Ok("/flavors/1/os-extra_specs"))["extra_specs"]!.AsObject().ShouldBeEmpty();
        var specs = (await Ok($"/v2/{TestAccount.Demo.TenantId}/flavors/general1-2/os-extra_specs"))["extra_specs"]!.AsObject();
        specs.Select(p => p.Key).Order().ShouldBe(["class", "disk_io_index", "number_of_data_disks", "policy_class"]);
        JsonNode.DeepEquals(await Ok("/flavors/general1-2/os-extra_specs/class"), JsonNode.Parse("""{"class":"general1"}""")).ShouldBeTrue();

        var (missingKey, keyBody) = await Get("/flavors/general1-2/os-extra_specs/hw:cpu_policy");
        missingKey.ShouldBe(404);
        keyBody["itemNotFound"]!["message"].Str().ShouldBe("Flavor general1-2 has no extra specs with key hw:cpu_policy.");
        var (missing, body) = await Get("/flavors/no-such/os-extra_specs");
        missing.ShouldBe(404);
        body["itemNotFound"]!["message"].Str().ShouldBe("Flavor no-such could not be found.");
    }

    [Theory]
    [InlineData("?minRam=2048", new[] { "2", "3", "general1-2", "general1-4" })]
    [InlineData("?minDisk=40&minRam=4096", new[] { "3", "general1-4" })]
    [InlineData("?sort_key=memory_mb&sort_dir=desc&minRam=2048", new[] { "general1-4", "3", "general1-2", "2" })]
    [InlineData("?sort_key=name", new[] { "general1-1", "general1-2", "general1-4", "3", "2", "1" })]
    [InlineData("?is_public=false", new[] { "1", "2", "3", "general1-1", "general1-2", "general1-4" })]
    public async Task the_list_filters_and_sorts_as_nova_does(string query, string[] expected)
    {
        Ids(await Ok($"/flavors/detail{query}")).ShouldBe(expected);
        Ids(await Ok($"/flavors{query}")).ShouldBe(expected);
    }

    [Theory]
    [InlineData("?minRam=lots")]
    [InlineData("?sort_key=colour")]
    [InlineData("?sort_dir=sideways")]
    [InlineData("?limit=x")]
    [InlineData("?marker=no-such-flavor")]
    public async Task a_bad_query_is_nova_s_400(string query)
    {
        var (status, body) = await Get($"/flavors{query}");
        status.ShouldBe(400, body.ToJsonString());
        body["badRequest"]!["message"].Str().ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task pages_follow_the_next_link()
    {
        var seen = new List<string>();
        var url = "/flavors?limit=4";
        while (true)
        {
            var page = await Ok(url);
            seen.AddRange(Ids(page));
            if (page["flavors_links"] is not JsonArray links) break;
            var next = links.Single(l => l!["rel"].Str() == "next")!["href"].Str();
            next.ShouldStartWith("http://localhost/flavors?");
            url = next["http://localhost".Length..];
        }
        seen.ShouldBe(["1", "2", "3", "general1-1", "general1-2", "general1-4"]);
    }
}
