using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CloudNet.Compute.FloatingIps;
using CloudNet.Tests.Support;
using static CloudNet.Tests.Compute.ParallelHttp;
using Marten;

namespace CloudNet.Tests.Compute;

/// <summary>Real parallel HTTP requests through the in-process host (its <c>HttpClient</c>), all started at once.</summary>
static class ParallelHttp
{
    public sealed record Reply(int Status, string Body, string? ContentType)
    {
        public JsonNode Json => JsonNode.Parse(Body)!;
    }

    public static async Task<HttpClient> ClientFor(AppFixture app, TestAccount account)
    {
        var client = app.Host.Server.CreateClient();
        client.DefaultRequestHeaders.Add("X-Auth-Token", await app.Host.TokenFor(account));
        return client;
    }

    /// <summary>Sends every request at once (no request waits for another to start) and returns the replies in order.</summary>
    public static async Task<Reply[]> SendAll(HttpClient client, IEnumerable<(HttpMethod Method, string Url, string? Json)> requests)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = requests.Select(r => Task.Run(async () =>
        {
            await start.Task;
            using var message = new HttpRequestMessage(r.Method, r.Url);
            if (r.Json is not null) message.Content = new StringContent(r.Json, Encoding.UTF8, "application/json");
            using var response = await client.SendAsync(message);
            return new Reply((int)response.StatusCode, await response.Content.ReadAsStringAsync(),
                response.Content.Headers.ContentType?.MediaType);
        })).ToArray();
        start.SetResult();
        return await Task.WhenAll(tasks);
    }

    public static string Json(object body) => System.Text.Json.JsonSerializer.Serialize(body);

    public static void ShouldHaveNoServerErrors(this IEnumerable<Reply> replies) =>
        replies.Where(r => r.Status >= 500).Select(r => $"{r.Status} {r.Body}").ShouldBeEmpty();

    /// <summary>A 4xx in nova's format (<c>{"name":{"code":status,…}}</c>, JSON).</summary>
    public static void ShouldBeNovaFaults(this IEnumerable<Reply> replies)
    {
        foreach (var reply in replies)
        {
            reply.Status.ShouldBeInRange(400, 499, reply.Body);
            reply.ContentType.ShouldBe("application/json", reply.Body);
            var fault = reply.Json.AsObject().Single().Value!;
            fault["code"]!.GetValue<int>().ShouldBe(reply.Status, reply.Body);
        }
    }
}

/// <summary>A /28 pool has 14 usable addresses; 64 allocations race for them.</summary>
public class under_concurrency(SmallPool app) : IClassFixture<SmallPool>
{
    [Fact]
    public async Task sixty_four_parallel_allocations_from_a_28_give_exactly_fourteen_distinct_addresses()
    {
        using var client = await ClientFor(app, TestAccount.Demo);

        var replies = await SendAll(client,
            Enumerable.Range(0, 64).Select(i => (HttpMethod.Post, "/os-floating-ips", i % 2 == 0 ? null : """{"pool":"default"}""")));

        replies.ShouldHaveNoServerErrors();
        var allocated = replies.Where(r => r.Status == 202).Select(r => r.Json["floating_ip"]!["ip"].Str()).ToList();
        allocated.Count.ShouldBe(14);
        allocated.Select(IPAddress.Parse).Select(a => (int)a.GetAddressBytes()[3]).Order().ShouldBe(Enumerable.Range(1, 14));
        allocated.ShouldAllBe(a => a.StartsWith("203.0.113."));
        var refused = replies.Where(r => r.Status != 202).ToList();
        refused.Count.ShouldBe(50);
        refused.ShouldAllBe(r => r.Status == 404, string.Join("\n", refused.Select(r => $"{r.Status} {r.Body}").Distinct()));
        refused.ShouldBeNovaFaults();
        refused.ShouldAllBe(r => r.Json["itemNotFound"]!["message"]!.GetValue<string>() == "No more floating IPs in pool default.");

        (await app.Host.ListFloatingIps(TestAccount.Demo)).Select(ip => ip!["ip"].Str()).Order().ShouldBe(allocated.Order());
    }
}

/// <summary>Many requests on the same address or server at once: exactly one wins, the others get a 4xx.</summary>
public class under_concurrency_on_one_resource(RoomyQuota app) : IClassFixture<RoomyQuota>
{
    async Task<List<string>> Servers(int count, string name)
    {
        var ids = new List<string>();
        for (var i = 0; i < count; i++) ids.Add((await app.Host.CreateServer(TestAccount.Demo, $"{name}-{i}", new[] { new { uuid = Scenarios.ServiceNet } }))["id"].Str());
        return ids;
    }

    [Fact]
    public async Task sixteen_parallel_adds_of_one_address_to_sixteen_servers_attach_it_exactly_once()
    {
        var servers = await Servers(16, "race-add");
        var ip = await app.Host.AllocateFloatingIp(TestAccount.Demo);
        var address = ip["ip"].Str();
        using var client = await ClientFor(app, TestAccount.Demo);

        var replies = await SendAll(client, servers.Select(id =>
            (HttpMethod.Post, $"/servers/{id}/action", (string?)Json(new { addFloatingIp = new { address } }))));

        replies.ShouldHaveNoServerErrors();
        replies.Count(r => r.Status == 202).ShouldBe(1, string.Join("\n", replies.Select(r => $"{r.Status} {r.Body}")));
        var losers = replies.Where(r => r.Status != 202).ToList();
        losers.ShouldAllBe(r => r.Status == 400 || r.Status == 409, string.Join("\n", losers.Select(r => $"{r.Status} {r.Body}").Distinct()));
        losers.ShouldBeNovaFaults();

        var winner = servers[Array.FindIndex(replies, r => r.Status == 202)];
        var holders = new List<string>();
        foreach (var id in servers)
            if ((await app.Host.ShowServer(TestAccount.Demo, id)).AddressEntries().Any(a => a.Addr == address && a.Type == "floating"))
                holders.Add(id);
        holders.ShouldBe([winner]);
        var shown = await app.Host.ShowFloatingIp(TestAccount.Demo, ip["id"].Str());
        (await shown.Json())["floating_ip"]!["instance_id"].Str().ShouldBe(winner);

        await using var session = app.Host.DocumentStore().QuerySession();
        var events = await session.Events.FetchStreamAsync(Guid.Parse(ip["id"].Str()));
        events.Count(e => e.EventType == typeof(FloatingIpAssociated)).ShouldBe(1);
    }

    [Fact]
    public async Task sixteen_parallel_adds_of_different_addresses_to_one_server_attach_exactly_one()
    {
        var server = (await Servers(1, "race-one-server"))[0];
        var addresses = new List<string>();
        for (var i = 0; i < 16; i++) addresses.Add((await app.Host.AllocateFloatingIp(TestAccount.Demo))["ip"].Str());
        using var client = await ClientFor(app, TestAccount.Demo);

        var replies = await SendAll(client, addresses.Select(address =>
            (HttpMethod.Post, $"/servers/{server}/action", (string?)Json(new { addFloatingIp = new { address } }))));

        replies.ShouldHaveNoServerErrors();
        replies.Count(r => r.Status == 202).ShouldBe(1);
        replies.Where(r => r.Status != 202).ShouldBeNovaFaults();
        var attached = (await app.Host.ListFloatingIps(TestAccount.Demo))
            .Where(ip => addresses.Contains(ip!["ip"].Str()) && ip["instance_id"] is not null).ToList();
        attached.Count.ShouldBe(1);
        attached[0]!["ip"].Str().ShouldBe(addresses[Array.FindIndex(replies, r => r.Status == 202)]);
        (await app.Host.ShowServer(TestAccount.Demo, server)).AddressEntries().Count(a => a.Type == "floating").ShouldBe(1);
    }

    [Fact]
    public async Task sixteen_parallel_releases_of_one_ip_release_it_once()
    {
        var ip = await app.Host.AllocateFloatingIp(TestAccount.Demo);
        using var client = await ClientFor(app, TestAccount.Demo);

        var replies = await SendAll(client, Enumerable.Range(0, 16).Select(i =>
            (HttpMethod.Delete, $"/os-floating-ips/{(i % 2 == 0 ? ip["id"].Str() : ip["ip"].Str())}", (string?)null)));

        replies.ShouldHaveNoServerErrors();
        replies.Count(r => r.Status == 202).ShouldBe(1);
        var losers = replies.Where(r => r.Status != 202).ToList();
        losers.ShouldAllBe(r => r.Status == 404 || r.Status == 409);
        losers.ShouldBeNovaFaults();

        await using var session = app.Host.DocumentStore().QuerySession();
        var events = await session.Events.FetchStreamAsync(Guid.Parse(ip["id"].Str()));
        events.Count(e => e.EventType == typeof(FloatingIpReleased)).ShouldBe(1);
    }

    [Fact]
    public async Task releases_racing_adds_never_leave_a_server_showing_a_released_ip()
    {
        var servers = await Servers(8, "race-release");
        var ips = new List<JsonNode>();
        for (var i = 0; i < 8; i++) ips.Add(await app.Host.AllocateFloatingIp(TestAccount.Demo));
        using var client = await ClientFor(app, TestAccount.Demo);

        var replies = await SendAll(client, Enumerable.Range(0, 8).SelectMany(i => new[]
        {
            (HttpMethod.Post, $"/servers/{servers[i]}/action", (string?)Json(new { addFloatingIp = new { address = ips[i]["ip"].Str() } })),
            (HttpMethod.Delete, $"/os-floating-ips/{ips[i]["id"].Str()}", (string?)null),
        }));

        replies.ShouldHaveNoServerErrors();
        replies.Where(r => r.Status >= 400).ShouldBeNovaFaults();
        var remaining = (await app.Host.ListFloatingIps(TestAccount.Demo)).ToDictionary(ip => ip!["ip"].Str(), ip => ip!["instance_id"]?.ToString());
        for (var i = 0; i < 8; i++)
        {
            var address = ips[i]["ip"].Str();
            var shownOnServer = (await app.Host.ShowServer(TestAccount.Demo, servers[i])).AddressEntries().Any(a => a.Addr == address);
            var (add, release) = (replies[2 * i], replies[2 * i + 1]);
            if (release.Status == 202)
            {
                remaining.ShouldNotContainKey(address);
                shownOnServer.ShouldBeFalse($"{address} was released but server {i} still shows it (add: {add.Status})");
            }
            else
            {
                remaining.ShouldContainKey(address);
                add.Status.ShouldBe(202, "the release lost its race, so the add must have won");
                remaining[address].ShouldBe(servers[i]);
                shownOnServer.ShouldBeTrue();
            }
        }
    }

    [Fact]
    public async Task sixteen_parallel_server_creates_get_distinct_fixed_ips()
    {
        using var client = await ClientFor(app, TestAccount.Demo);

        var replies = await SendAll(client, Enumerable.Range(0, 16).Select(i =>
            (HttpMethod.Post, "/servers", (string?)Json(new { server = new { name = $"parallel-{i}", imageRef = "i", flavorRef = "f" } }))));

        replies.ShouldHaveNoServerErrors();
        replies.Select(r => r.Status).ShouldAllBe(s => s == 202, string.Join("\n", replies.Select(r => $"{r.Status} {r.Body}").Distinct()));
        var addresses = new List<string>();
        foreach (var reply in replies)
            addresses.AddRange((await app.Host.ShowServer(TestAccount.Demo, reply.Json["server"]!["id"].Str())).AddressEntries().Select(a => a.Addr));
        addresses.Count.ShouldBe(16 * 3);
        addresses.ShouldBeUnique();
    }
}

/// <summary>Parallel allocations never take a tenant past its quota (two here).</summary>
public class under_concurrency_at_the_quota(QuotaOfTwo app) : IClassFixture<QuotaOfTwo>
{
    [Fact]
    public async Task sixteen_parallel_allocations_with_a_quota_of_two_give_exactly_two()
    {
        using var client = await ClientFor(app, TestAccount.Demo);

        var replies = await SendAll(client, Enumerable.Range(0, 16).Select(_ => (HttpMethod.Post, "/os-floating-ips", (string?)null)));

        replies.ShouldHaveNoServerErrors();
        replies.Count(r => r.Status == 202).ShouldBe(2, string.Join("\n", replies.Select(r => $"{r.Status} {r.Body}").Distinct()));
        var refused = replies.Where(r => r.Status != 202).ToList();
        refused.ShouldBeNovaFaults();
        // They are refused by the quota check in the commit's batch: that refusal must be nova's 403, not a 500 or a conflict.
        refused.ShouldAllBe(r => r.Status == 403 && r.Body.Contains("over quota"));
        (await app.Host.ListFloatingIps(TestAccount.Demo)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task parallel_allocations_reusing_released_addresses_stay_within_the_quota()
    {
        // Released addresses are handed out without the pool cursor's lock: the quota must hold there too.
        var other = TestAccount.Other;
        var first = await app.Host.AllocateFloatingIp(other);
        var second = await app.Host.AllocateFloatingIp(other);
        (await app.Host.ReleaseFloatingIp(other, first["id"].Str())).Status().ShouldBe(202);
        (await app.Host.ReleaseFloatingIp(other, second["id"].Str())).Status().ShouldBe(202);
        using var client = await ClientFor(app, other);

        var replies = await SendAll(client, Enumerable.Range(0, 16).Select(_ => (HttpMethod.Post, "/os-floating-ips", (string?)null)));

        replies.ShouldHaveNoServerErrors();
        replies.Count(r => r.Status == 202).ShouldBe(2, string.Join("\n", replies.Select(r => $"{r.Status} {r.Body}").Distinct()));
        (await app.Host.ListFloatingIps(other)).Count.ShouldBe(2);
    }
}
