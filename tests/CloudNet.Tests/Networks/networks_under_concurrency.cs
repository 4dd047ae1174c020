using System.Net;
using CloudNet.Tests.Support;
using Npgsql;
using Xunit.Abstractions;
using static CloudNet.Tests.Compute.ParallelHttp;

namespace CloudNet.Tests.Networks;

/// <summary>
/// A network's delete races the allocations on it: either the delete wins (no server ever holds an address on the
/// deleted network, and no lease of it remains) or it loses with a 409; never a 5xx.
/// </summary>
public class networks_under_concurrency(AppFixture app, ITestOutputHelper output) : IClassFixture<AppFixture>
{
    static string Describe(IEnumerable<Reply> replies) => string.Join("\n", replies.Select(r => $"{r.Status} {r.Body}").Distinct());

    async Task<long> LeasesOn(string subnetId)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM cloudnet.ip_leases WHERE scope = @scope", connection);
        command.Parameters.AddWithValue("scope", $"subnet:{subnetId}");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 8)]
    [InlineData(2, 16)]
    public async Task sixteen_server_creates_racing_one_delete_never_leave_a_server_on_a_deleted_network(int round, int deleteAt)
    {
        // A /28: fourteen usable addresses, one of them the gateway.
        var (networkId, subnetId) = await app.Host.CreateNetworkWithSubnet(TestAccount.Demo, $"race-{round}", $"10.{100 + round}.0.0/28");
        using var client = await ClientFor(app, TestAccount.Demo);
        var requests = Enumerable.Range(0, 16)
            .Select(i => (HttpMethod.Post, "/servers", (string?)Json(new
            {
                server = new { name = $"race-{round}-{i}", imageRef = "img", flavorRef = "flv", networks = new[] { new { uuid = networkId } } },
            })))
            .ToList();
        requests.Insert(deleteAt, (HttpMethod.Delete, $"/v2.0/networks/{networkId}", null));

        var replies = await SendAll(client, requests);

        replies.ShouldHaveNoServerErrors();
        var delete = replies[deleteAt];
        var creates = replies.Where((_, i) => i != deleteAt).ToList();
        var created = creates.Where(r => r.Status == 202).Select(r => r.Json["server"]!["id"].Str()).ToList();
        var refused = creates.Where(r => r.Status != 202).ToList();
        output.WriteLine($"delete {delete.Status}; creates: {string.Join(", ", creates.GroupBy(r => r.Status).Select(g => $"{g.Count()}x{g.Key}"))}");
        refused.ShouldBeNovaFaults();

        if (delete.Status == 204)
        {
            created.ShouldBeEmpty("a delete that won saw no lease, so no create got one before it: " + Describe(creates));
            refused.ShouldAllBe(r => r.Status == 400 && r.Body.Contains("could not be found"), Describe(refused));
            (await LeasesOn(subnetId)).ShouldBe(0);
            var detail = await app.Host.As(TestAccount.Demo, x => x.Get.Url("/servers/detail"));
            var block = IPNetwork.Parse($"10.{100 + round}.0.0/28");
            (await detail.Json())["servers"]!.AsArray().SelectMany(server => server!.AddressEntries())
                .Where(a => IPAddress.TryParse(a.Addr, out var address) && block.Contains(address))
                .ShouldBeEmpty("no server holds an address of the deleted network");
            await (await app.Host.As(TestAccount.Demo, x => x.Get.Url($"/v2.0/networks/{networkId}"))).ShouldBeNeutronError(404, "NetworkNotFound");
            var late = await app.Host.As(TestAccount.Demo, x => x.Post
                .Json(new { server = new { name = "late", imageRef = "i", flavorRef = "f", networks = new[] { new { uuid = networkId } } } }).ToUrl("/servers"));
            (await late.ShouldBeNovaFault(400, "badRequest")).ShouldContain("could not be found");
        }
        else
        {
            delete.Status.ShouldBe(409, delete.Body);
            NetworkScenarios.ShouldBeNeutronBody(delete.Body, "NetworkInUse");
            created.Count.ShouldBeGreaterThan(0, "a delete refused as in use saw a lease: " + Describe(replies));
            created.Count.ShouldBe(13, "thirteen addresses, sixteen creates, and the network stayed: " + Describe(creates));
            refused.ShouldAllBe(r => r.Status == 409, Describe(refused));
            (await app.Host.As(TestAccount.Demo, x => x.Get.Url($"/v2.0/networks/{networkId}"))).Status().ShouldBe(200);

            var addresses = new List<string>();
            foreach (var id in created)
                addresses.AddRange((await app.Host.ShowServer(TestAccount.Demo, id)).AddressEntries().Select(e => e.Addr));
            addresses.Count.ShouldBe(created.Count);
            addresses.Distinct().Count().ShouldBe(created.Count);
            addresses.ShouldAllBe(a => IPNetwork.Parse($"10.{100 + round}.0.0/28").Contains(IPAddress.Parse(a)));
            addresses.ShouldNotContain($"10.{100 + round}.0.1", "the gateway is never handed out");
            (await LeasesOn(subnetId)).ShouldBe(created.Count);
        }
    }

    [Fact]
    public async Task sixteen_server_creates_racing_one_subnet_delete_never_leave_a_server_on_a_deleted_subnet()
    {
        var (networkId, subnetId) = await app.Host.CreateNetworkWithSubnet(TestAccount.Demo, "subnet-race", "10.110.0.0/24");
        using var client = await ClientFor(app, TestAccount.Demo);
        var requests = Enumerable.Range(0, 16)
            .Select(i => (HttpMethod.Post, "/servers", (string?)Json(new
            {
                server = new { name = $"subnet-race-{i}", imageRef = "img", flavorRef = "flv", networks = new[] { new { uuid = networkId } } },
            })))
            .ToList();
        requests.Insert(4, (HttpMethod.Delete, $"/v2.0/subnets/{subnetId}", null));

        var replies = await SendAll(client, requests);

        replies.ShouldHaveNoServerErrors();
        var delete = replies[4];
        var created = replies.Where((r, i) => i != 4 && r.Status == 202).Select(r => r.Json["server"]!["id"].Str()).ToList();
        output.WriteLine($"subnet delete {delete.Status}; {created.Count} servers created");
        if (delete.Status == 204)
        {
            (await LeasesOn(subnetId)).ShouldBe(0);
            foreach (var id in created)
                (await app.Host.ShowServer(TestAccount.Demo, id)).AddressEntries().ShouldBeEmpty("a server made after the subnet went has no address of it");
        }
        else
        {
            delete.Status.ShouldBe(409, delete.Body);
            NetworkScenarios.ShouldBeNeutronBody(delete.Body, "SubnetInUse");
            created.Count.ShouldBe(16, Describe(replies));
            (await LeasesOn(subnetId)).ShouldBe(16);
        }
    }

    /// <summary>What a server create holds while it gives out addresses on a network (see NetworkLocks).</summary>
    async Task<(NpgsqlConnection Connection, NpgsqlTransaction Transaction)> AllocationInFlightOn(string networkId)
    {
        var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock_shared(hashtextextended(@key, 0))", connection, transaction);
        command.Parameters.AddWithValue("key", $"cloudnet:network:{networkId}");
        await command.ExecuteNonQueryAsync();
        return (connection, transaction);
    }

    async Task<bool> SomeoneWaitsForAnAdvisoryLock() => await AdvisoryLockWaiters() > 0;

    async Task<long> AdvisoryLockWaiters()
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT count(*) FROM pg_locks
            WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
            """, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task a_delete_of_ones_own_network_waits_for_the_allocations_in_flight_on_it()
    {
        var (networkId, _) = await app.Host.CreateNetworkWithSubnet(TestAccount.Demo, "waited-for", "10.113.0.0/24");
        var (connection, transaction) = await AllocationInFlightOn(networkId);
        await using (connection)
        {
            var delete = app.Host.As(TestAccount.Demo, x => x.Delete.Url($"/v2.0/networks/{networkId}"));

            var waiting = false;
            for (var i = 0; i < 2000 && !waiting && !delete.IsCompleted; i++) waiting = await SomeoneWaitsForAnAdvisoryLock();
            waiting.ShouldBeTrue("the delete queues behind the allocation's shared lock");
            delete.IsCompleted.ShouldBeFalse();

            await transaction.RollbackAsync();
            (await delete).Status().ShouldBe(204);
        }
    }

    [Fact]
    public async Task creates_queued_behind_a_delete_find_the_network_gone_and_leave_no_lease()
    {
        // Deterministic "the delete wins": an allocation in flight holds the delete up, sixteen creates queue behind
        // the delete, then the allocation ends (without a lease). The delete goes first and the creates find nothing.
        var (networkId, subnetId) = await app.Host.CreateNetworkWithSubnet(TestAccount.Demo, "queued", "10.114.0.0/28");
        var (connection, transaction) = await AllocationInFlightOn(networkId);
        await using (connection)
        {
            using var client = await ClientFor(app, TestAccount.Demo);
            var delete = SendAll(client, [(HttpMethod.Delete, $"/v2.0/networks/{networkId}", null)]);
            for (var i = 0; i < 5000 && await AdvisoryLockWaiters() < 1; i++) { }
            var creates = SendAll(client, Enumerable.Range(0, 16).Select(i => (HttpMethod.Post, "/servers", (string?)Json(new
            {
                server = new { name = $"queued-{i}", imageRef = "img", flavorRef = "flv", networks = new[] { new { uuid = networkId } } },
            }))));
            for (var i = 0; i < 5000 && await AdvisoryLockWaiters() < 17 && !creates.IsCompleted; i++) { }
            (await AdvisoryLockWaiters()).ShouldBe(17, "the delete and the sixteen creates wait on the network's lock");

            await transaction.RollbackAsync();
            var deleted = (await delete).Single();
            var replies = await creates;

            deleted.Status.ShouldBe(204, deleted.Body);
            replies.ShouldHaveNoServerErrors();
            replies.ShouldBeNovaFaults();
            replies.ShouldAllBe(r => r.Status == 400 && r.Body.Contains("could not be found"), Describe(replies));
            (await LeasesOn(subnetId)).ShouldBe(0);
        }
    }

    [Fact]
    public async Task refused_changes_to_publicnet_never_wait_for_its_allocations_in_flight()
    {
        var subnetId = (await app.Host.ListSubnets(TestAccount.Demo, $"?network_id={Scenarios.PublicNet}")).Ids().First();
        var (connection, transaction) = await AllocationInFlightOn(Scenarios.PublicNet);
        await using (connection)
        {
            var refusals = Task.WhenAll(
                app.Host.As(TestAccount.Demo, x => x.Delete.Url($"/v2.0/networks/{Scenarios.PublicNet}")),
                app.Host.As(TestAccount.Demo, x => x.Delete.Url($"/os-networksv2/{Scenarios.PublicNet}")),
                app.Host.As(TestAccount.Demo, x => x.Delete.Url($"/v2.0/subnets/{subnetId}")),
                app.Host.PostSubnet(TestAccount.Demo, new { network_id = Scenarios.PublicNet, cidr = "172.16.1.0/24", ip_version = 4 }));

            // Only a broken build waits here: the refusals need no lock, so they answer while the allocation is in flight.
            var first = await Task.WhenAny(refusals, Task.Delay(TimeSpan.FromSeconds(30)));
            var answered = first == refusals;
            await transaction.RollbackAsync();
            answered.ShouldBeTrue("a caller who may not change PublicNet must not stall its allocations");
            (await refusals).Select(r => r.Status()).ShouldBe([403, 403, 403, 403]);
        }
    }

    [Fact]
    public async Task eight_parallel_deletes_of_one_network_give_one_204_and_seven_404s()
    {
        var (networkId, _) = await app.Host.CreateNetworkWithSubnet(TestAccount.Demo, "deleted-eight-times", "10.111.0.0/24");
        using var client = await ClientFor(app, TestAccount.Demo);

        var replies = await SendAll(client, Enumerable.Range(0, 8).Select(_ => (HttpMethod.Delete, $"/v2.0/networks/{networkId}", (string?)null)));

        replies.ShouldHaveNoServerErrors();
        replies.Count(r => r.Status == 204).ShouldBe(1, Describe(replies));
        foreach (var loser in replies.Where(r => r.Status != 204))
        {
            loser.Status.ShouldBe(404, loser.Body);
            NetworkScenarios.ShouldBeNeutronBody(loser.Body, "NetworkNotFound");
        }
    }

    [Fact]
    public async Task eight_parallel_overlapping_subnets_on_one_network_give_exactly_one()
    {
        var networkId = (await app.Host.CreateNetwork(TestAccount.Demo, "overlap-race"))["id"].Str();
        using var client = await ClientFor(app, TestAccount.Demo);

        var replies = await SendAll(client, Enumerable.Range(0, 8).Select(i => (HttpMethod.Post, "/v2.0/subnets",
            (string?)Json(new { subnet = new { network_id = networkId, cidr = i % 2 == 0 ? "10.112.0.0/24" : "10.112.0.0/25", ip_version = 4 } }))));

        replies.ShouldHaveNoServerErrors();
        replies.Count(r => r.Status == 201).ShouldBe(1, Describe(replies));
        foreach (var loser in replies.Where(r => r.Status != 201))
        {
            loser.Status.ShouldBeOneOf(400, 409);
            NetworkScenarios.ShouldBeNeutronBody(loser.Body);
        }
        (await app.Host.ListSubnets(TestAccount.Demo, $"?network_id={networkId}")).Count.ShouldBe(1);
    }
}
