using CloudNet.Networks;
using CloudNet.Tests.Networks;
using CloudNet.Tests.Networks.Routers;
using CloudNet.Tests.Support;
using Marten;
using Npgsql;
using Xunit.Abstractions;
using static CloudNet.Tests.Compute.ParallelHttp;
using static CloudNet.Tests.Compute.VirtualInterfaces.VirtualInterfaceScenarios;

namespace CloudNet.Tests.Compute.VirtualInterfaces;

/// <summary>Parallel requests on one server or one network: exactly one interface per server per network, never a 5xx,
/// never a lease or an address event without the interface that holds it.</summary>
public class virtual_interfaces_under_concurrency(RoomyQuota app, ITestOutputHelper output) : IClassFixture<RoomyQuota>
{
    static string Describe(IEnumerable<Reply> replies) => string.Join("\n", replies.Select(r => $"{r.Status} {r.Body}").Distinct());

    static string Body(string networkId) => Json(new { virtual_interface = new { network_id = networkId } });

    async Task<long> LeasesOn(string subnetId)
    {
        var schema = app.Host.DocumentStore().Options.DatabaseSchemaName;
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM \"{schema}\".ip_leases WHERE scope = @scope", connection);
        command.Parameters.AddWithValue("scope", $"subnet:{subnetId}");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Addresses the network's address events say are held: assigned and not released since, by holder.</summary>
    async Task<List<(Guid Holder, string Address)>> HeldPerStream(string networkId)
    {
        var held = new List<(Guid, string)>();
        foreach (var e in await app.Host.AddressEvents(Guid.Parse(networkId)))
        {
            if (e.Data is NetworkAddressAssigned assigned) held.Add((assigned.HolderId, assigned.Address));
            if (e.Data is NetworkAddressReleased released) held.Remove((released.HolderId, released.Address));
        }
        return held;
    }

    [Fact]
    public async Task sixteen_parallel_attaches_of_one_network_to_one_server_attach_exactly_one()
    {
        var (networkId, subnetId) = await app.Host.CreateNetworkWithSubnet(TestAccount.Demo, "race-one", "192.168.30.0/24");
        var serverId = await app.Host.ServerOn(TestAccount.Demo, "race-one");
        using var client = await ClientFor(app, TestAccount.Demo);

        var replies = await SendAll(client, Enumerable.Range(0, 16).Select(_ => (HttpMethod.Post, Interfaces(serverId), (string?)Body(networkId))));

        replies.ShouldHaveNoServerErrors();
        replies.Count(r => r.Status == 200).ShouldBe(1, Describe(replies));
        var losers = replies.Where(r => r.Status != 200).ToList();
        losers.ShouldAllBe(r => r.Status == 409, Describe(losers));
        losers.ShouldBeNovaFaults();
        losers.ShouldAllBe(r => r.Json["conflictingRequest"] != null);

        var winner = replies.Single(r => r.Status == 200).Json["virtual_interfaces"]!.AsArray().Single()!;
        var onNetwork = (await app.Host.ListInterfaces(TestAccount.Demo, serverId))
            .Where(v => v!["ip_addresses"]!.AsArray().Any(ip => ip!["network_id"].Str() == networkId)).ToList();
        onNetwork.Single()!.ToJsonString().ShouldBe(winner.ToJsonString());
        (await LeasesOn(subnetId)).ShouldBe(1);
        (await app.LeasesOf(winner["id"].Str())).ShouldBe(winner.Addresses());
        (await HeldPerStream(networkId)).ShouldBe([(Guid.Parse(winner["id"].Str()), winner.Addresses().Single())]);
        (await app.Host.AddressEvents(Guid.Parse(networkId))).Count(e => e.Data is NetworkAddressAssigned).ShouldBe(1, "losers leave no event");
    }

    [Fact]
    public async Task sixteen_parallel_detaches_of_one_interface_detach_it_once()
    {
        var networkId = await app.Host.IsolatedNetwork(TestAccount.Demo, "race-detach", "192.168.31.0/24");
        var serverId = await app.Host.ServerOn(TestAccount.Demo, "race-detach");
        var vif = await app.Host.AttachInterface(TestAccount.Demo, serverId, networkId);
        using var client = await ClientFor(app, TestAccount.Demo);

        var replies = await SendAll(client, Enumerable.Range(0, 16)
            .Select(_ => (HttpMethod.Delete, $"{Interfaces(serverId)}/{vif["id"].Str()}", (string?)null)));

        replies.ShouldHaveNoServerErrors();
        replies.Count(r => r.Status == 200).ShouldBe(1, Describe(replies));
        var losers = replies.Where(r => r.Status != 200).ToList();
        losers.ShouldAllBe(r => r.Status == 404 || r.Status == 409, Describe(losers));
        losers.ShouldBeNovaFaults();
        (await app.Host.AddressEvents(Guid.Parse(networkId))).Count(e => e.Data is NetworkAddressReleased).ShouldBe(1);
        (await app.Host.Stream(Guid.Parse(serverId))).Count(e => e.Data is CloudNet.Compute.Servers.VirtualInterfaceDetached).ShouldBe(1);
        (await HeldPerStream(networkId)).ShouldBeEmpty();
    }

    [Fact]
    public async Task parallel_attaches_of_eight_networks_to_one_server_agree_with_the_leases()
    {
        var networks = new List<(string NetworkId, string SubnetId)>();
        for (var i = 0; i < 8; i++) networks.Add(await app.Host.CreateNetworkWithSubnet(TestAccount.Demo, $"fan-{i}", $"192.168.{40 + i}.0/24"));
        var serverId = await app.Host.ServerOn(TestAccount.Demo, "fan-in");
        using var client = await ClientFor(app, TestAccount.Demo);

        var replies = await SendAll(client, networks.Select(n => (HttpMethod.Post, Interfaces(serverId), (string?)Body(n.NetworkId))));

        output.WriteLine(string.Join(", ", replies.Select(r => r.Status)));
        replies.ShouldHaveNoServerErrors();
        replies.Count(r => r.Status == 200).ShouldBeGreaterThanOrEqualTo(1, Describe(replies));
        replies.Where(r => r.Status != 200).ShouldAllBe(r => r.Status == 409, Describe(replies));
        replies.Where(r => r.Status != 200).ShouldBeNovaFaults();
        var listed = await app.Host.ListInterfaces(TestAccount.Demo, serverId);
        for (var i = 0; i < networks.Count; i++)
        {
            var (networkId, subnetId) = networks[i];
            var attached = listed.Count(v => v!["ip_addresses"]![0]!["network_id"].Str() == networkId);
            attached.ShouldBe(replies[i].Status == 200 ? 1 : 0, $"network {i}: {replies[i].Status}");
            (await LeasesOn(subnetId)).ShouldBe(attached, $"network {i}");
            (await HeldPerStream(networkId)).Count.ShouldBe(attached, $"network {i}");
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    [InlineData(8)]
    public async Task attaches_racing_the_networks_delete_never_leave_an_interface_on_a_deleted_network(int deleteAt)
    {
        var (networkId, subnetId) = await app.Host.CreateNetworkWithSubnet(TestAccount.Demo, $"race-delete-{deleteAt}", $"192.168.{50 + deleteAt}.0/24");
        var servers = new List<string>();
        for (var i = 0; i < 8; i++) servers.Add(await app.Host.ServerOn(TestAccount.Demo, $"race-delete-{deleteAt}-{i}"));
        using var client = await ClientFor(app, TestAccount.Demo);
        var requests = servers.Select(s => (HttpMethod.Post, Interfaces(s), (string?)Body(networkId))).ToList();
        requests.Insert(deleteAt, (HttpMethod.Delete, $"/os-networksv2/{networkId}", null));

        var replies = await SendAll(client, requests);

        output.WriteLine($"delete {replies[deleteAt].Status}; attaches: {string.Join(", ", replies.Where((_, i) => i != deleteAt).GroupBy(r => r.Status).Select(g => $"{g.Count()}x{g.Key}"))}");
        replies.ShouldHaveNoServerErrors();
        var delete = replies[deleteAt];
        var attaches = replies.Where((_, i) => i != deleteAt).ToList();
        attaches.Where(r => r.Status != 200).ShouldBeNovaFaults();
        var attachedServers = servers.Where((_, i) => attaches[i].Status == 200).ToList();
        if (delete.Status == 202)
        {
            attachedServers.ShouldBeEmpty(Describe(replies));
            attaches.ShouldAllBe(r => r.Status == 400 && r.Body.Contains("could not be found"), Describe(attaches));
            (await LeasesOn(subnetId)).ShouldBe(0);
        }
        else
        {
            delete.Status.ShouldBe(409, delete.Body);
            attachedServers.Count.ShouldBe(8, Describe(replies));
            (await LeasesOn(subnetId)).ShouldBe(8);
        }
        foreach (var server in servers)
            (await app.Host.ListInterfaces(TestAccount.Demo, server)).Count(v => v!["ip_addresses"]![0]!["network_id"].Str() == networkId)
                .ShouldBe(attachedServers.Contains(server) ? 1 : 0);
    }

    [Fact]
    public async Task attaches_racing_their_servers_delete_never_leave_a_lease_behind()
    {
        var (networkId, subnetId) = await app.Host.CreateNetworkWithSubnet(TestAccount.Demo, "race-server-delete", "192.168.59.0/24");
        var servers = new List<string>();
        for (var i = 0; i < 8; i++) servers.Add(await app.Host.ServerOn(TestAccount.Demo, $"race-server-delete-{i}"));
        using var client = await ClientFor(app, TestAccount.Demo);

        var replies = await SendAll(client, servers.SelectMany(s => new[]
        {
            (HttpMethod.Post, Interfaces(s), (string?)Body(networkId)),
            (HttpMethod.Delete, $"/servers/{s}", (string?)null),
        }));

        output.WriteLine(string.Join(", ", Enumerable.Range(0, servers.Count).Select(i => $"attach {replies[2 * i].Status}/delete {replies[2 * i + 1].Status}")));
        replies.ShouldHaveNoServerErrors();
        replies.Where(r => r.Status >= 400).ShouldBeNovaFaults();
        var surviving = 0;
        for (var i = 0; i < servers.Count; i++)
        {
            var (attach, delete) = (replies[2 * i], replies[2 * i + 1]);
            attach.Status.ShouldBeOneOf([200, 404, 409], attach.Body);
            delete.Status.ShouldBeOneOf([204, 404, 409], delete.Body);
            var shown = await app.Host.As(TestAccount.Demo, x => x.Get.Url($"/servers/{servers[i]}"));
            if (delete.Status == 204)
            {
                shown.Status().ShouldBe(404);
                continue;
            }
            shown.Status().ShouldBe(200);
            var attached = (await app.Host.ListInterfaces(TestAccount.Demo, servers[i])).Count(v => v!["ip_addresses"]![0]!["network_id"].Str() == networkId);
            attached.ShouldBe(attach.Status == 200 ? 1 : 0, $"attach {attach.Status}, delete {delete.Status}");
            surviving += attached;
        }
        (await LeasesOn(subnetId)).ShouldBe(surviving, "a deleted server's interface gave its address back");
        (await HeldPerStream(networkId)).Count.ShouldBe(surviving);
    }

    [Fact]
    public async Task detaches_racing_the_release_of_the_floating_ip_through_them_leave_ip_and_server_agreeing()
    {
        var networkId = await app.Host.IsolatedNetwork(TestAccount.Demo, "race-floating", "192.168.58.0/24");
        await app.Host.RouteToDefaultPool(TestAccount.Demo, networkId); // a fixed IP on a tenant network is reached through a router
        var cases = new List<(string Server, string Vif, string IpId, string Ip)>();
        for (var i = 0; i < 6; i++)
        {
            var serverId = await app.Host.ServerOn(TestAccount.Demo, $"race-floating-{i}");
            var vif = await app.Host.AttachInterface(TestAccount.Demo, serverId, networkId);
            var ip = await app.Host.AllocateFloatingIp(TestAccount.Demo);
        (await app.Host.AddFloatingIp(TestAccount.Demo, serverId, ip["ip"].Str(), vif.Addresses().Single())).Status().ShouldBe(202);
            cases.Add((serverId, vif["id"].Str(), ip["id"].Str(), ip["ip"].Str()));
        }
        using var client = await ClientFor(app, TestAccount.Demo);

        var replies = await SendAll(client, cases.SelectMany(c => new[]
        {
            (HttpMethod.Delete, $"{Interfaces(c.Server)}/{c.Vif}", (string?)null),
            (HttpMethod.Delete, $"/os-floating-ips/{c.IpId}", (string?)null),
        }));

        output.WriteLine(string.Join(", ", Enumerable.Range(0, cases.Count).Select(i => $"detach {replies[2 * i].Status}/release {replies[2 * i + 1].Status}")));
        replies.ShouldHaveNoServerErrors();
        replies.Where(r => r.Status >= 400).ShouldBeNovaFaults();
        var remaining = (await app.Host.ListFloatingIps(TestAccount.Demo)).ToDictionary(ip => ip!["id"].Str(), ip => ip!);
        for (var i = 0; i < cases.Count; i++)
        {
            var (detach, release) = (replies[2 * i], replies[2 * i + 1]);
            detach.Status.ShouldBeOneOf([200, 409], detach.Body);
            release.Status.ShouldBeOneOf([202, 409], release.Body);
            var c = cases[i];
            var vifListed = (await app.Host.ListInterfaces(TestAccount.Demo, c.Server)).Any(v => v!["id"].Str() == c.Vif);
            vifListed.ShouldBe(detach.Status != 200);
            remaining.ContainsKey(c.IpId).ShouldBe(release.Status != 202);
            var floatingShown = (await app.Host.ShowServer(TestAccount.Demo, c.Server)).AddressEntries().Any(a => a.Type == "floating");
            if (remaining.TryGetValue(c.IpId, out var ip))
            {
                // Still allocated: mapped exactly when the server still shows it (and its interface is still there).
                (ip["instance_id"] is not null).ShouldBe(floatingShown, $"{c.Ip}: detach {detach.Status}, release {release.Status}");
                if (floatingShown) vifListed.ShouldBeTrue();
            }
            else floatingShown.ShouldBeFalse($"{c.Ip} was released: detach {detach.Status}");
            (await app.LeasesOf(c.Vif)).Count.ShouldBe(vifListed ? 1 : 0);
        }
    }
}
