using System.Text.Json.Nodes;
using CloudNet.Tests.Support;

namespace CloudNet.Tests.Compute;

/// <summary>
/// What provisioning tools send with a server besides its networks: an image and a flavor by id or by name (recorded by
/// id), a keypair (<c>key_name</c>) and an availability zone (<c>OS-EXT-AZ:availability_zone</c>); and the zones listed.
/// </summary>
public class when_creating_servers_for_tools(AppFixture app) : IClassFixture<AppFixture>
{
    const string Cirros = "9a4f3c52-7e1b-4d2a-8c6f-0b5e1d3a7f21";

    async Task<JsonNode> Created(object server, TestAccount? account = null)
    {
        var result = await app.Host.As(account ?? TestAccount.Demo, x => x.Post.Json(new { server }).ToUrl("/servers"));
        var text = await result.ReadAsTextAsync();
        result.Status().ShouldBe(202, text);
        return await app.Host.ShowServer(account ?? TestAccount.Demo, JsonNode.Parse(text)!["server"]!["id"].Str());
    }

    [Fact]
    public async Task an_image_and_a_flavor_named_by_id_name_or_url_are_recorded_by_id_with_their_links()
    {
        foreach (var (image, flavor) in new[] { (Cirros, "1"), ("cirros-0.6.2", "m1.tiny"), ($"http://localhost/images/{Cirros}", "http://localhost/flavors/1") })
        {
            var server = await Created(new { name = "by-ref", imageRef = image, flavorRef = flavor, networks = "none" });
            server["image"]!["id"].Str().ShouldBe(Cirros);
            server["image"]!["links"]![0]!["href"].Str().ShouldBe($"http://localhost/images/{Cirros}");
            server["flavor"]!["id"].Str().ShouldBe("1");
            server["flavor"]!["links"]![0]!["href"].Str().ShouldBe("http://localhost/flavors/1");
        }
        // Server create takes any reference (SPEC): one that names nothing configured is kept as given.
        (await Created(new { name = "any", imageRef = "img", flavorRef = "flv", networks = "none" }))["image"]!["id"].Str().ShouldBe("img");
    }

    [Fact]
    public async Task a_server_shows_its_keypair_and_zone_and_keeps_the_keypair_name_after_the_keypair_goes()
    {
        var key = $"key-{Guid.NewGuid():N}"[..20];
        (await app.Host.As(TestAccount.Demo, x => x.Post.Json(new { keypair = new { name = key } }).ToUrl("/os-keypairs"))).Status().ShouldBe(200);

        var server = await Created(new { name = "keyed", imageRef = Cirros, flavorRef = "2", key_name = key, availability_zone = "nova", networks = "none" });
        server["key_name"].Str().ShouldBe(key);
        server["OS-EXT-AZ:availability_zone"].Str().ShouldBe("nova");
        var detail = (await (await app.Host.As(TestAccount.Demo, x => x.Get.Url("/servers/detail"))).Json())["servers"]!.AsArray();
        detail.Single(s => s!["id"].Str() == server["id"].Str())!["key_name"].Str().ShouldBe(key);

        (await app.Host.As(TestAccount.Demo, x => x.Delete.Url($"/os-keypairs/{key}"))).Status().ShouldBe(202);
        (await app.Host.ShowServer(TestAccount.Demo, server["id"].Str()))["key_name"].Str().ShouldBe(key);

        var plain = await Created(new { name = "plain", imageRef = Cirros, flavorRef = "1", networks = "none" });
        plain["key_name"].ShouldBeNull();
        plain["OS-EXT-AZ:availability_zone"].Str().ShouldBe("nova");
        (await Created(new { name = "host", imageRef = Cirros, flavorRef = "1", availability_zone = "nova:cloudnet", networks = "none" }))
            ["OS-EXT-AZ:availability_zone"].Str().ShouldBe("nova");
    }

    [Theory]
    [InlineData("""{"key_name":"no-such-key"}""", "Invalid key_name provided.")]
    [InlineData("""{"availability_zone":"us-east-1a"}""", "The requested availability zone is not available")]
    [InlineData("""{"availability_zone":"nova:other-host"}""", "The requested availability zone is not available")]
    public async Task an_unknown_keypair_or_zone_is_refused_and_nothing_is_made(string extra, string message)
    {
        var before = (await (await app.Host.As(TestAccount.Other, x => x.Get.Url("/servers"))).Json())["servers"]!.AsArray().Count;
        var body = JsonNode.Parse("""{"server":{"name":"refused","imageRef":"i","flavorRef":"f"}}""")!;
        foreach (var (key, value) in JsonNode.Parse(extra)!.AsObject()) body["server"]![key] = value!.DeepClone();
        var result = await app.Host.As(TestAccount.Other, x => x.Post.Json(body).ToUrl("/servers"));

        (await result.ShouldBeNovaFault(400, "badRequest")).ShouldBe(message);
        (await (await app.Host.As(TestAccount.Other, x => x.Get.Url("/servers"))).Json())["servers"]!.AsArray().Count.ShouldBe(before);
    }

    [Fact]
    public async Task another_users_keypair_is_not_a_key_name()
    {
        var key = $"theirs-{Guid.NewGuid():N}"[..20];
        (await app.Host.As(TestAccount.Demo, x => x.Post.Json(new { keypair = new { name = key } }).ToUrl("/os-keypairs"))).Status().ShouldBe(200);
        var result = await app.Host.As(TestAccount.Other, x => x.Post.Json(new { server = new { name = "s", imageRef = "i", flavorRef = "f", key_name = key } })
            .ToUrl("/servers"));
        await result.ShouldBeNovaFault(400, "badRequest");
    }

    [Fact]
    public async Task the_zone_is_listed_and_its_detail_is_an_admins()
    {
        var zones = (await (await app.Host.As(TestAccount.Demo, x => x.Get.Url($"/v2.1/{TestAccount.Demo.TenantId}/os-availability-zone"))).Json());
        JsonNode.DeepEquals(zones, JsonNode.Parse("""{"availabilityZoneInfo":[{"zoneName":"nova","zoneState":{"available":true},"hosts":null}]}""")).ShouldBeTrue(zones.ToJsonString());

        await (await app.Host.As(TestAccount.Demo, x => x.Get.Url("/os-availability-zone/detail"))).ShouldBeNovaFault(403, "forbidden");
        var detail = await app.Host.As(TestAccount.Admin, x => x.Get.Url("/os-availability-zone/detail"));
        detail.Status().ShouldBe(200);
        var info = (await detail.Json())["availabilityZoneInfo"]!.AsArray();
        info.Select(z => z!["zoneName"].Str()).ShouldBe(["internal", "nova"]);
        info[1]!["hosts"]!["cloudnet"]!["nova-compute"]!["active"]!.GetValue<bool>().ShouldBeTrue();
    }
}
