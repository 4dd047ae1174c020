using System.Text.Json.Nodes;
using CloudNet.Tests.History;
using CloudNet.Tests.Networks;
using CloudNet.Tests.Support;
using CloudNet.Tests.Vpc;

namespace CloudNet.Tests.Admin.Tenants;

public class when_forking_a_tenant(RoomyTenants app) : IClassFixture<RoomyTenants>
{
    /// <summary>Every GET a client of the tenant would make about what it holds, by URL.</summary>
    async Task<Dictionary<string, JsonNode>> Capture(TestAccount tenant, IReadOnlyDictionary<string, string> ids)
    {
        var urls = new List<string>
        {
            "/servers/detail", "/os-floating-ips", "/v2.0/floatingips", "/v2.0/ports", "/os-networksv2",
            $"/v1/{tenant.TenantId}/subnets", $"/servers/{ids["server"]}", $"/os-floating-ips/{ids["ip"]}",
            $"/v2.0/networks/{ids["network"]}", $"/v1/{tenant.TenantId}/privateips/{ids["private-ip"]}",
            $"/servers/{ids["server"]}/os-virtual-interfacesv2",
        };
        var answers = new Dictionary<string, JsonNode>();
        foreach (var url in urls)
        {
            var result = await app.Host.As(tenant, x => x.Get.Url(url));
            var text = await result.ReadAsTextAsync();
            result.Status().ShouldBe(200, $"{url}: {text}");
            answers[url] = JsonNode.Parse(text)!;
        }
        return answers;
    }

    async Task<(TestAccount Tenant, Dictionary<string, string> Ids)> Populate()
    {
        var tenant = await app.Host.NewTenant("original");
        var network = (await app.Host.CreateIsolatedNetwork(tenant, "own", "192.168.60.0/24"))["id"].Str();
        var server = (await app.Host.CreateServer(tenant, "main", new object[] { new { uuid = Scenarios.PublicNet }, new { uuid = network } }))["id"].Str();
        // Changed in place: the fork copies the server as it was renamed, with its metadata.
        (await app.Host.As(tenant, x => x.Put.Json(new { server = new { name = "main-renamed" } }).ToUrl($"/servers/{server}"))).Status().ShouldBe(200);
        (await app.Host.As(tenant, x => x.Post.Json(new { metadata = new { role = "app" } }).ToUrl($"/servers/{server}/metadata"))).Status().ShouldBe(200);
        var ip = await app.Host.AllocateFloatingIp(tenant);
        (await app.Host.AddFloatingIp(tenant, server, ip["ip"].Str())).Status().ShouldBe(202);
        var subnet = await app.Host.CreateVpcSubnet(tenant, "10.88.0.0/24");
        var privateIp = (await app.Host.AssignOne(tenant, subnet))["id"].Str();
        return (tenant, new() { ["network"] = network, ["server"] = server, ["ip"] = ip["id"].Str(), ["private-ip"] = privateIp });
    }

    [Fact]
    public async Task a_fork_between_two_events_answers_every_get_as_the_original_did_then()
    {
        var (original, ids) = await Populate();
        var then = await Capture(original, ids);
        var point = (await app.Host.EventsOf(original, HistoryKinds.PrivateIps, ids["private-ip"]))[0]!;

        // After the point: the original lets everything go and makes something new.
        (await app.Host.RemoveFloatingIp(original, ids["server"], then[$"/os-floating-ips/{ids["ip"]}"]["floating_ip"]!["ip"].Str())).Status().ShouldBe(202);
        (await app.Host.ReleaseFloatingIp(original, ids["ip"])).Status().ShouldBe(202);
        (await app.Host.As(original, x => x.Delete.Url($"/servers/{ids["server"]}"))).Status().ShouldBe(204);
        (await app.Host.DeletePrivateIp(original, ids["private-ip"])).Status.ShouldBe(204);
        await app.Host.CreateIsolatedNetwork(original, "later", "192.168.61.0/24");

        // An instant strictly between the point's event and the next one.
        var at = point.Timestamp().Microseconds(1);
        var result = await app.Host.As(TestAccount.Admin, x => x.Post.Json(new { at = at.UtcDateTime.ToString("O") }).ToUrl($"/_cloudnet/tenants/{original.TenantId}/fork"));
        var text = await result.ReadAsTextAsync();
        result.Status().ShouldBe(201, text);
        var answer = JsonNode.Parse(text)!;
        var credentials = answer["credentials"]!;
        var fork = new TestAccount(credentials["user"].Str(), credentials["password"].Str(), credentials["api_key"].Str(), credentials["project_id"].Str());
        var map = answer["fork"]!["ids"]!.AsObject().ToDictionary(p => p.Key, p => p.Value.Str());
        answer["fork"]!["readdressed"]!.AsObject().Count.ShouldBe(0, text);

        var forkIds = ids.ToDictionary(p => p.Key, p => map[p.Value]);
        var now = await Capture(fork, forkIds);
        foreach (var (url, expected) in then)
        {
            var mapped = expected.ToJsonString().Replace(original.TenantId, fork.TenantId);
            foreach (var (from, to) in map) mapped = mapped.Replace(from, to);
            var forkUrl = url.Replace(original.TenantId, fork.TenantId);
            foreach (var (from, to) in map) forkUrl = forkUrl.Replace(from, to);
            JsonNode.DeepEquals(now[forkUrl], JsonNode.Parse(mapped)).ShouldBeTrue($"{forkUrl}:\nfork     {now[forkUrl].ToJsonString()}\noriginal {mapped}");
        }
    }

    [Fact]
    public async Task the_forks_streams_link_back_to_the_originals_and_its_addresses_are_its_own()
    {
        var (original, ids) = await Populate();
        var events = await app.Host.EventsOf(original, HistoryKinds.FloatingIps, ids["ip"]);

        var result = await app.Host.As(TestAccount.Admin, x => x.Post.Json(new { sequence = events[^1]!["sequence"]!.GetValue<long>() })
            .ToUrl($"/_cloudnet/tenants/{original.TenantId}/fork"));
        var answer = await result.Json();
        result.Status().ShouldBe(201, answer.ToJsonString());
        var fork = new TestAccount(answer["credentials"]!["user"].Str(), answer["credentials"]!["password"].Str(), "", answer["credentials"]!["project_id"].Str());
        var forkIp = answer["fork"]!["ids"]![ids["ip"]].Str();

        // The original still holds its addresses, so on shared networks and pools the fork got others.
        var readdressed = answer["fork"]!["readdressed"]!.AsObject();
        var originalIp = (await (await app.Host.ShowFloatingIp(original, ids["ip"])).Json())["floating_ip"]!["ip"].Str();
        var copy = (await (await app.Host.ShowFloatingIp(fork, forkIp)).Json())["floating_ip"]!;
        copy["ip"].Str().ShouldBe(readdressed[originalIp].Str());
        copy["instance_id"].Str().ShouldBe(answer["fork"]!["ids"]![ids["server"]].Str());

        var forkEvents = await app.Host.EventsOf(fork, HistoryKinds.FloatingIps, forkIp);
        forkEvents.Select(e => e!["type"].Str()).ShouldBe(events.Select(e => e!["type"].Str()));
        forkEvents.Count.ShouldBe(events.Count);
        var holding = await app.Host.HistoryOk(fork, $"/history/addresses/{copy["ip"].Str()}");
        holding["holdings"]!.AsArray().Last()!["holder_id"].Str().ShouldBe(forkIp);
    }

    [Fact]
    public async Task a_fork_needs_exactly_one_point()
    {
        var result = await app.Host.As(TestAccount.Admin, x => x.Post.Json(new { }).ToUrl($"/_cloudnet/tenants/{TestAccount.Demo.TenantId}/fork"));

        (await result.ShouldBeProblem(400))["code"].Str().ShouldBe("BadFork");
    }
}
