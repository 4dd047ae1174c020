using CloudNet.Tests.Support;

namespace CloudNet.Tests.Networks.SharedIps;

/// <summary>Racing requests: one winner, clean 409s for the rest, never a 5xx, never an association to a de-allocated IP.</summary>
public class shared_ips_under_concurrency(AppFixture app) : IClassFixture<AppFixture>
{
    static readonly TestAccount Demo = TestAccount.Demo;

    [Fact]
    public async Task parallel_provisions_of_one_explicit_address_give_one_201_and_409s()
    {
        var (network, a, b) = await app.Host.TwoServersOnIsolatedNetwork(Demo, "192.168.130.0/24", "race");
        var body = $$$"""{"ip_address":{"network_id":"{{{network}}}","version":4,"device_ids":["{{{a}}}","{{{b}}}"],"ip_address":"192.168.130.77"}}""";

        var replies = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(() => app.Host.Provision(Demo, body))));

        replies.Where(r => r.Status >= 500).ShouldBeEmpty(string.Join("\n", replies.Where(r => r.Status >= 500).Select(r => r.Body).Take(2)));
        replies.Count(r => r.Status == 201).ShouldBe(1);
        foreach (var loser in replies.Where(r => r.Status != 201)) loser.ShouldBeNeutronError(409);
        (await app.Host.ListIps(Demo, "?address=192.168.130.77")).Count.ShouldBe(1);
    }

    [Fact]
    public async Task a_storm_of_associate_disassociate_and_deallocate_never_leaves_an_association_to_a_gone_ip()
    {
        for (var round = 0; round < 3; round++)
        {
            var (network, a, b) = await app.Host.TwoServersOnIsolatedNetwork(Demo, $"192.168.{140 + round}.0/24", $"storm-{round}");
            var id = (await app.Host.ProvisionFor(Demo, network, a, b))["id"].Str();
            (await app.Host.Associate(Demo, a, id)).Status().ShouldBe(201);

            var work = new List<Func<Task<int>>>();
            for (var i = 0; i < 8; i++)
            {
                var server = i % 2 == 0 ? a : b;
                work.Add(async () => (await app.Host.Associate(Demo, server, id)).Status());
                work.Add(async () => (await app.Host.Disassociate(Demo, server, id)).Status());
                work.Add(async () => (await app.Host.DeallocateIp(Demo, id)).Status());
            }
            var statuses = await Task.WhenAll(work.Select(w => Task.Run(w)));

            statuses.Where(s => s >= 500).ShouldBeEmpty();
            statuses.ShouldAllBe(s => s == 201 || s == 204 || s == 400 || s == 404 || s == 409);

            var show = await app.Host.ShowIp(Demo, id);
            var listedA = (await app.Host.ListAssociations(Demo, a)).Ids();
            var listedB = (await app.Host.ListAssociations(Demo, b)).Ids();
            if (show.Status() == 404)
            {
                listedA.ShouldNotContain(id);
                listedB.ShouldNotContain(id);
            }
            else
            {
                show.Status().ShouldBe(200);
                // Still provisioned: the servers' lists and the IP's own view agree, and it can be taken apart.
                foreach (var server in new[] { a, b })
                    if ((await app.Host.ListAssociations(Demo, server)).Ids().Contains(id))
                        (await app.Host.Disassociate(Demo, server, id)).Status().ShouldBe(204);
                (await app.Host.DeallocateIp(Demo, id)).Status().ShouldBe(204);
            }
        }
    }
}
