using System.Text.Json.Nodes;
using Alba;
using CloudNet.Tests.History;
using CloudNet.Tests.Support;

namespace CloudNet.Tests.Compute;

/// <summary>
/// What Terraform's <c>openstack_compute_instance_v2</c> changes in place, as nova answers it: the name
/// (<c>PUT /servers/{id}</c>) and the metadata (nova's <c>/servers/{id}/metadata</c> routes: merged, replaced, one item set
/// or removed). Each change is one event in the server's stream; a request that changes nothing records none.
/// </summary>
public class when_renaming_servers_and_changing_their_metadata(AppFixture app) : IClassFixture<AppFixture>
{
    static readonly TestAccount Demo = TestAccount.Demo;

    [Fact]
    public async Task a_rename_answers_the_server_as_get_shows_it_and_is_one_event()
    {
        var id = await ServerWith(app.Host, new Dictionary<string, string>());

        var renamed = await app.Host.As(Demo, x => x.Put.Json(new { server = new { name = "renamed" } }).ToUrl($"/servers/{id}"));

        var text = await renamed.ReadAsTextAsync();
        renamed.Status().ShouldBe(200, text);
        var answer = JsonNode.Parse(text)!["server"]!;
        (answer["id"].Str(), answer["name"].Str(), answer["status"].Str()).ShouldBe((id, "renamed", "ACTIVE"));
        (await app.Host.ShowServer(Demo, id))["name"].Str().ShouldBe("renamed");
        // Nothing to change (no name, or the name it has): 200, and no event.
        foreach (var unchanged in new object[] { new { server = new { } }, new { server = new { name = "renamed" } } })
            (await app.Host.As(Demo, x => x.Put.Json(unchanged).ToUrl($"/servers/{id}"))).Status().ShouldBe(200);

        var events = await app.Host.EventsOf(Demo, HistoryKinds.Servers, id);
        events.Select(e => e!["type"].Str()).ShouldBe(["server_created", "server_renamed"]);
        events[1]!["data"]!["Name"].Str().ShouldBe("renamed");
    }

    [Theory]
    [InlineData("""{"server":{"accessIPv4":"192.0.2.10"}}""", "accessIPv4")]
    [InlineData("""{"server":{"description":"web"}}""", "description")]
    [InlineData("""{"server":{"name":"  "}}""", "name")]
    [InlineData("""{"server":{"name":7}}""", "name")]
    [InlineData("""{"server":{"name":"x","color":"red"}}""", "color")]
    [InlineData("""{"name":"x"}""", "server")]
    public async Task an_update_this_service_cannot_keep_is_400_and_changes_nothing(string body, string named)
    {
        var id = await ServerWith(app.Host, new Dictionary<string, string>());

        var refused = await app.Host.As(Demo, x => x.Put.Json(JsonNode.Parse(body)!).ToUrl($"/servers/{id}"));

        (await refused.ShouldBeNovaFault(400, "badRequest")).ShouldContain(named);
        (await app.Host.ShowServer(Demo, id))["name"].Str().ShouldBe("web");
        (await app.Host.EventsOf(Demo, HistoryKinds.Servers, id)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task metadata_is_merged_replaced_set_and_removed_as_nova_does()
    {
        var id = await ServerWith(app.Host, new Dictionary<string, string> { ["role"] = "web", ["owner"] = "terraform" });
        (await Metadata(id)).ShouldBe(new Dictionary<string, string> { ["role"] = "web", ["owner"] = "terraform" });

        var merged = await Ok(x => x.Post.Json(new { metadata = new { role = "db", tier = "backend" } }).ToUrl($"/servers/{id}/metadata"));
        Flat(merged["metadata"]).ShouldBe(new Dictionary<string, string> { ["role"] = "db", ["owner"] = "terraform", ["tier"] = "backend" });
        Flat((await Ok(x => x.Get.Url($"/servers/{id}/metadata/role")))["meta"]).ShouldBe(new Dictionary<string, string> { ["role"] = "db" });

        var set = await Ok(x => x.Put.Json(new { meta = new { tier = "front" } }).ToUrl($"/servers/{id}/metadata/tier"));
        Flat(set["meta"]).ShouldBe(new Dictionary<string, string> { ["tier"] = "front" });

        (await app.Host.As(Demo, x => x.Delete.Url($"/servers/{id}/metadata/owner"))).Status().ShouldBe(204);
        (await (await app.Host.As(Demo, x => x.Delete.Url($"/servers/{id}/metadata/owner"))).ShouldBeNovaFault(404, "itemNotFound"))
            .ShouldBe("Metadata item was not found");
        await (await app.Host.As(Demo, x => x.Get.Url($"/servers/{id}/metadata/owner"))).ShouldBeNovaFault(404, "itemNotFound");
        Flat((await app.Host.ShowServer(Demo, id))["metadata"]).ShouldBe(new Dictionary<string, string> { ["role"] = "db", ["tier"] = "front" });

        var replaced = await Ok(x => x.Put.Json(new { metadata = new { only = "this" } }).ToUrl($"/servers/{id}/metadata"));
        Flat(replaced["metadata"]).ShouldBe(new Dictionary<string, string> { ["only"] = "this" });
        // The same items again: nothing changes, nothing is recorded.
        await Ok(x => x.Post.Json(new { metadata = new { only = "this" } }).ToUrl($"/servers/{id}/metadata"));

        var events = await app.Host.EventsOf(Demo, HistoryKinds.Servers, id);
        events.Select(e => e!["type"].Str()).ShouldBe(["server_created", .. Enumerable.Repeat("server_metadata_changed", 4)]);
        events.Skip(1).Select(e => Flat(e!["data"]!["Metadata"]).Count).ShouldBe([3, 3, 2, 1], "each event holds the whole set");
    }

    [Theory]
    [InlineData("POST", "/metadata", """{"metadata":{"a/b":"v"}}""", "a/b")]
    [InlineData("POST", "/metadata", """{"metadata":{"":"v"}}""", "metadata")]
    [InlineData("POST", "/metadata", """{"metadata":{"k":null}}""", "string")]
    [InlineData("PUT", "/metadata", """{"meta":{"k":"v"}}""", "'metadata' is a required property")]
    [InlineData("PUT", "/metadata/role", """{"meta":{"tier":"v"}}""", "Request body and URI mismatch")]
    [InlineData("PUT", "/metadata/role", """{"meta":{"role":"v","tier":"v"}}""", "exactly one")]
    [InlineData("PUT", "/metadata/role", """{"meta":{}}""", "exactly one")]
    public async Task metadata_nova_would_refuse_is_400_and_changes_nothing(string method, string path, string body, string named)
    {
        var id = await ServerWith(app.Host, new Dictionary<string, string> { ["role"] = "web" });

        var result = await app.Host.As(Demo, x => (method == "POST" ? x.Post : x.Put).Json(JsonNode.Parse(body)!).ToUrl($"/servers/{id}{path}"));

        (await result.ShouldBeNovaFault(400, "badRequest")).ShouldContain(named);
        (await Metadata(id)).ShouldBe(new Dictionary<string, string> { ["role"] = "web" });
    }

    [Fact]
    public async Task keys_and_values_longer_than_255_characters_are_400_at_create_and_after()
    {
        var refused = await app.Host.As(Demo, x => x.Post.Json(new
        {
            server = new { name = "long", imageRef = "i", flavorRef = "f", networks = "none", metadata = new Dictionary<string, string> { ["k"] = new('v', 256) } },
        }).ToUrl("/servers"));
        (await refused.ShouldBeNovaFault(400, "badRequest")).ShouldContain("255");

        var id = await ServerWith(app.Host, new Dictionary<string, string> { [new string('k', 255)] = new('v', 255) });
        var tooLong = await app.Host.As(Demo, x => x.Post.Json(new { metadata = new Dictionary<string, string> { [new string('k', 256)] = "v" } })
            .ToUrl($"/servers/{id}/metadata"));
        (await tooLong.ShouldBeNovaFault(400, "badRequest")).ShouldContain("255");
        (await Metadata(id)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task another_tenants_server_is_not_found_on_every_route()
    {
        var id = await ServerWith(app.Host, new Dictionary<string, string> { ["role"] = "web" });

        foreach (var (method, path, body) in new (string, string, object?)[]
                 {
                     ("PUT", "", new { server = new { name = "mine" } }), ("GET", "/metadata", null), ("GET", "/metadata/role", null),
                     ("POST", "/metadata", new { metadata = new { a = "b" } }), ("PUT", "/metadata", new { metadata = new { a = "b" } }),
                     ("PUT", "/metadata/role", new { meta = new { role = "x" } }), ("DELETE", "/metadata/role", null),
                 })
        {
            var result = await app.Host.As(TestAccount.Other, x =>
            {
                var url = $"/servers/{id}{path}";
                _ = (method, body) switch
                {
                    ("GET", _) => x.Get.Url(url),
                    ("DELETE", _) => x.Delete.Url(url),
                    ("POST", _) => x.Post.Json(body!).ToUrl(url),
                    _ => x.Put.Json(body!).ToUrl(url),
                };
            });
            (await result.ShouldBeNovaFault(404, "itemNotFound")).ShouldContain(id, customMessage: $"{method} {path}");
        }
        var server = await app.Host.ShowServer(Demo, id);
        (server["name"].Str(), Flat(server["metadata"]).Count).ShouldBe(("web", 1));
    }

    internal static async Task<string> ServerWith(IAlbaHost host, Dictionary<string, string> metadata, TestAccount? account = null)
    {
        var result = await host.As(account ?? Demo, x => x.Post.Json(new
        {
            server = new { name = "web", imageRef = "cirros-0.6.2", flavorRef = "m1.tiny", networks = "none", metadata },
        }).ToUrl("/servers"));
        var text = await result.ReadAsTextAsync();
        result.Status().ShouldBe(202, text);
        return JsonNode.Parse(text)!["server"]!["id"].Str();
    }

    async Task<Dictionary<string, string>> Metadata(string id) =>
        Flat((await Ok(x => x.Get.Url($"/servers/{id}/metadata")))["metadata"]);

    async Task<JsonNode> Ok(Action<Scenario> request)
    {
        var result = await app.Host.As(Demo, request);
        var text = await result.ReadAsTextAsync();
        result.Status().ShouldBe(200, text);
        return JsonNode.Parse(text)!;
    }

    internal static Dictionary<string, string> Flat(JsonNode? node) =>
        node!.AsObject().ToDictionary(p => p.Key, p => p.Value.Str());
}

/// <summary>The default service with nova's <c>metadata_items</c> quota at three items per server.</summary>
public sealed class MetadataQuotaOfThree : AppFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Quotas:MetadataItems"] = "3" };
}

/// <summary>nova's <c>metadata_items</c> quota limits the items of each server: at create and on every change that adds one.</summary>
public class when_the_metadata_items_quota_is_reached(MetadataQuotaOfThree app) : IClassFixture<MetadataQuotaOfThree>
{
    static readonly TestAccount Demo = TestAccount.Demo;

    [Fact]
    public async Task a_fourth_item_is_403_forbidden_and_changing_a_value_is_not()
    {
        var four = new Dictionary<string, string> { ["a"] = "1", ["b"] = "2", ["c"] = "3", ["d"] = "4" };
        var refused = await app.Host.As(Demo, x => x.Post.Json(new
        {
            server = new { name = "full", imageRef = "i", flavorRef = "f", networks = "none", metadata = four },
        }).ToUrl("/servers"));
        (await refused.ShouldBeNovaFault(403, "forbidden")).ShouldBe("Maximum number of metadata items exceeds 3");

        var id = await when_renaming_servers_and_changing_their_metadata.ServerWith(app.Host,
            new Dictionary<string, string> { ["a"] = "1", ["b"] = "2", ["c"] = "3" });
        await (await app.Host.As(Demo, x => x.Post.Json(new { metadata = new { d = "4" } }).ToUrl($"/servers/{id}/metadata")))
            .ShouldBeNovaFault(403, "forbidden");
        await (await app.Host.As(Demo, x => x.Put.Json(new { meta = new { d = "4" } }).ToUrl($"/servers/{id}/metadata/d")))
            .ShouldBeNovaFault(403, "forbidden");

        (await app.Host.As(Demo, x => x.Put.Json(new { meta = new { a = "changed" } }).ToUrl($"/servers/{id}/metadata/a"))).Status().ShouldBe(200);
        (await app.Host.As(Demo, x => x.Delete.Url($"/servers/{id}/metadata/b"))).Status().ShouldBe(204);
        (await app.Host.As(Demo, x => x.Post.Json(new { metadata = new { d = "4" } }).ToUrl($"/servers/{id}/metadata"))).Status().ShouldBe(200);
        when_renaming_servers_and_changing_their_metadata.Flat((await app.Host.ShowServer(Demo, id))["metadata"])
            .ShouldBe(new Dictionary<string, string> { ["a"] = "changed", ["c"] = "3", ["d"] = "4" });
    }
}
