using CloudNet.Tests.Networks;
using CloudNet.Tests.Support;
using static CloudNet.Tests.Compute.ParallelHttp;
using static CloudNet.Tests.Compute.VirtualInterfaces.VirtualInterfaceScenarios;

namespace CloudNet.Tests.Compute.VirtualInterfaces;

/// <summary>Every interface, booted with or attached, gets a MAC of Neutron's <c>FA:16:3E</c> base, distinct across the
/// deployment: 20 servers × (2 boot interfaces + 10 attached) here, the attaches in parallel per network.</summary>
public class virtual_interface_mac_addresses(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task two_hundred_and_forty_interfaces_have_distinct_well_formed_macs()
    {
        const int serverCount = 20, networkCount = 10;
        var servers = new List<string>();
        for (var i = 0; i < serverCount; i++) servers.Add((await app.Host.CreateServer(TestAccount.Demo, $"mac-{i}"))["id"].Str());
        var networks = new List<string>();
        for (var n = 0; n < networkCount; n++) networks.Add(await app.Host.IsolatedNetwork(TestAccount.Demo, $"mac-net-{n}", $"172.16.{n}.0/24"));
        using var client = await ClientFor(app, TestAccount.Demo);

        var attached = new List<(string Server, string Network, string Id, string Mac)>();
        foreach (var network in networks)
        {
            // All twenty servers onto one network at once (different servers: none of them conflicts).
            var replies = await SendAll(client, servers.Select(s =>
                (HttpMethod.Post, Interfaces(s), (string?)Json(new { virtual_interface = new { network_id = network } }))));
            replies.ShouldHaveNoServerErrors();
            replies.Select(r => r.Status).ShouldAllBe(s => s == 200, string.Join("\n", replies.Select(r => $"{r.Status} {r.Body}").Distinct()));
            for (var i = 0; i < servers.Count; i++)
            {
                var vif = replies[i].Json["virtual_interfaces"]!.AsArray().Single()!;
                attached.Add((servers[i], network, vif["id"].Str(), vif["mac_address"].Str()));
            }
        }

        var listed = new List<(string Id, string Mac)>();
        foreach (var server in servers)
            listed.AddRange((await app.Host.ListInterfaces(TestAccount.Demo, server)).Select(v => (v!["id"].Str(), v["mac_address"].Str())));

        listed.Count.ShouldBe(serverCount * (2 + networkCount));
        listed.Select(v => v.Mac).ShouldAllBe(mac => MacFormat().IsMatch(mac));
        listed.Select(v => v.Mac).ShouldBeUnique();
        listed.Select(v => v.Id).ShouldBeUnique();
        // What attach answered is what the list shows.
        attached.Select(a => (a.Id, a.Mac)).ShouldBeSubsetOf(listed);
    }

    [Fact]
    public async Task macs_are_shared_across_tenants_without_collision()
    {
        var mine = (await app.Host.CreateServer(TestAccount.Demo, "mac-demo"))["id"].Str();
        var theirs = (await app.Host.CreateServer(TestAccount.Other, "mac-other"))["id"].Str();

        var macs = (await app.Host.ListInterfaces(TestAccount.Demo, mine)).Concat(await app.Host.ListInterfaces(TestAccount.Other, theirs))
            .Select(v => v!["mac_address"].Str()).ToList();

        macs.Count.ShouldBe(4);
        macs.ShouldBeUnique();
    }
}
