using System.Collections.Concurrent;
using CloudNet.Tests.Support;

namespace CloudNet.Tests.Reliability.Chaos;

/// <summary>
/// Issue 9, scenario 1 at a smaller size (ops/chaos kill -9s a real process): a node loses its database in the middle
/// of allocations, server creates and associations (to PostgreSQL that is a crash: its open transactions roll back),
/// and is dropped; a new node on the same database finds every change the client was told of, and nothing half-done.
/// </summary>
public class a_node_dies_mid_load(ServiceBehindAProxy app) : IClassFixture<ServiceBehindAProxy>
{
    static readonly TestAccount Demo = TestAccount.Demo;

    [Fact]
    public async Task a_new_node_finds_every_acknowledged_change_and_no_duplicate_or_half_written_command()
    {
        var node = app.Host;
        var warm = await node.AllocateFloatingIp(Demo);
        var warmServer = await node.CreateServer(Demo, "warm", new[] { new { uuid = Scenarios.ServiceNet } });
        (await node.AddFloatingIp(Demo, warmServer["id"].Str(), warm["ip"].Str())).Status().ShouldBe(202);

        var allocated = new ConcurrentDictionary<string, string>();   // ip -> id, acknowledged
        var associated = new ConcurrentDictionary<string, string>();  // ip -> server, acknowledged
        var fivexx = new ConcurrentBag<string>();
        using var stop = new CancellationTokenSource();
        var workers = Enumerable.Range(0, 12).Select(w => Task.Run(async () =>
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var allocation = await node.As(Demo, x => x.Post.Url("/os-floating-ips"));
                if (allocation.Status() is >= 500 and not 503) fivexx.Add(await allocation.ReadAsTextAsync());
                if (allocation.Status() != 202) continue;
                var ip = (await allocation.Json())["floating_ip"]!;
                allocated[ip["ip"].Str()] = ip["id"].Str();
                if (n % 2 == 0) continue;
                var server = await node.As(Demo, x => x.Post.Json(new { server = new { name = $"w{w}-{n}", imageRef = "i", flavorRef = "f",
                    networks = new[] { new { uuid = Scenarios.ServiceNet } } } }).ToUrl("/servers"));
                if (server.Status() != 202) continue;
                var serverId = (await server.Json())["server"]!["id"].Str();
                var add = await node.AddFloatingIp(Demo, serverId, ip["ip"].Str());
                if (add.Status() == 202) associated[ip["ip"].Str()] = serverId;
            }
        })).ToArray();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (associated.Count < 30 && DateTime.UtcNow < deadline) await Task.Delay(10);
        associated.Count.ShouldBeGreaterThanOrEqualTo(30, "the load ran");
        app.Proxy.Stop();      // the node's database connections die mid-command
        stop.Cancel();
        await Task.WhenAll(workers);

        var restarted = await app.StartDirectHostAsync();
        var listed = (await restarted.ListFloatingIps(Demo)).ToDictionary(f => f!["ip"].Str(), f => f!);
        foreach (var (ip, id) in allocated)
        {
            listed.ShouldContainKey(ip);
            listed[ip]["id"].Str().ShouldBe(id);
        }
        foreach (var (ip, server) in associated) listed[ip]["instance_id"].Str().ShouldBe(server, ip);
        fivexx.ShouldBeEmpty();
        (await Invariants.CheckAsync(app.DirectConnectionString)).ShouldBe(new Invariants.Report(0, 0, 0));
    }
}
