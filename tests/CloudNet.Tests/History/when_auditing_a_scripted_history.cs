using System.Text.Json.Nodes;
using CloudNet.Tests.Support;

namespace CloudNet.Tests.History;

public class when_auditing_a_scripted_history(ScriptedHistory app) : IClassFixture<ScriptedHistory>
{
    static readonly TestAccount Demo = TestAccount.Demo;
    static readonly TestAccount Other = TestAccount.Other;

    [Fact]
    public async Task each_streams_log_is_exact_with_its_metadata()
    {
        await app.WrittenAsync();

        await ShouldBeLog(HistoryKinds.FloatingIps, app.FloatingIpId,
            ["floating_ip_allocated", "floating_ip_associated", "floating_ip_disassociated", "floating_ip_released"],
            ["AllocateFloatingIp", "addFloatingIp", "removeFloatingIp", "ReleaseFloatingIp"]);
        await ShouldBeLog(HistoryKinds.Servers, app.ServerId,
            ["server_created", "floating_ip_added_to_server", "floating_ip_removed_from_server", "ip_associated_with_server", "ip_disassociated_from_server"],
            ["CreateServer", "addFloatingIp", "removeFloatingIp", "AssociateIp", "DisassociateIp"]);
        await ShouldBeLog(HistoryKinds.SharedIps, app.SharedIpId,
            ["ip_address_provisioned", "ip_associated", "ip_disassociated", "ip_address_deallocated"],
            ["ProvisionIpAddress", "AssociateIp", "DisassociateIp", "DeallocateIpAddress"]);
        await ShouldBeLog(HistoryKinds.PrivateIps, app.PrivateIpId, ["private_ip_assigned", "private_ip_released"],
            ["AssignPrivateIps", "DeletePrivateIp"]);
    }

    async Task ShouldBeLog(string kind, string id, string[] types, string[] commands)
    {
        var events = await app.Host.EventsOf(Demo, kind, id);
        var steps = app.Steps[id];
        events.Select(e => e!["type"].Str()).ShouldBe(types, $"{kind} {id}");
        events.Select(e => e!["version"]!.GetValue<long>()).ShouldBe(Enumerable.Range(1, types.Length).Select(v => (long)v));
        events.Select(e => e!["command"].Str()).ShouldBe(commands);
        events.Select(e => e!["request_id"].Str()).ShouldBe(steps.Select(s => s.RequestId));
        events.ShouldAllBe(e => e!["user"].Str() == "demo" && e["tenant_id"].Str() == Demo.TenantId);
        events.Select(e => e!.Timestamp()).ShouldBeInOrder();
        events.Select(e => e!["sequence"]!.GetValue<long>()).ShouldBeInOrder();
    }

    [Fact]
    public async Task the_state_at_each_version_is_what_get_answered_then()
    {
        await app.WrittenAsync();

        foreach (var (kind, id, account) in Resources())
        {
            var steps = app.Steps[id];
            for (var version = 1; version <= steps.Count; version++)
            {
                var result = await app.Host.As(account, x => x.Get.Url($"/history/{kind}/{id}?version={version}"));
                if (steps[version - 1].Body is { } expected)
                {
                    var text = await result.ReadAsTextAsync();
                    result.Status().ShouldBe(200, text);
                    JsonNode.DeepEquals(JsonNode.Parse(text), expected).ShouldBeTrue($"{kind} {id} v{version}:\n{text}\n!=\n{expected.ToJsonString()}");
                    result.Header("X-History-Version").ShouldBe(version.ToString());
                }
                else
                {
                    (await result.ShouldBeProblem(404))["code"].Str().ShouldBe("NotExistingThen");
                }
            }
            (await (await app.Host.As(account, x => x.Get.Url($"/history/{kind}/{id}?version={steps.Count + 1}")))
                .ShouldBeProblem(404))["code"].Str().ShouldBe("NotExistingThen");
        }
    }

    [Fact]
    public async Task the_state_at_instants_between_events_is_what_get_answered_then()
    {
        await app.WrittenAsync();

        foreach (var (kind, id, account) in Resources())
        {
            var steps = app.Steps[id];
            var events = await app.Host.EventsOf(account, kind, id);
            var first = events[0]!.Timestamp();
            await ShouldNotExistAt(account, kind, id, first.Microseconds(-1));
            for (var i = 0; i < events.Count; i++)
            {
                var from = events[i]!.Timestamp();
                var until = i + 1 < events.Count ? events[i + 1]!.Timestamp() : from.AddMinutes(5);
                // At the event's own instant, halfway to the next, and just before the next.
                var middle = from.AddTicks((until - from).Ticks / 2 / 10 * 10);
                foreach (var instant in new[] { from, middle, until.Microseconds(-1) }.Where(t => t >= from).Distinct())
                {
                    var result = await app.Host.As(account, x => x.Get.Url($"/history/{kind}/{id}?at={HistoryScenarios.At(instant)}"));
                    if (steps[i].Body is { } expected)
                    {
                        var text = await result.ReadAsTextAsync();
                        result.Status().ShouldBe(200, $"{kind} {id} at {instant:O}: {text}");
                        JsonNode.DeepEquals(JsonNode.Parse(text), expected).ShouldBeTrue($"{kind} {id} at {instant:O}:\n{text}\n!=\n{expected.ToJsonString()}");
                    }
                    else
                    {
                        await result.ShouldBeProblem(404);
                    }
                }
            }
        }
    }

    async Task ShouldNotExistAt(TestAccount account, string kind, string id, DateTimeOffset instant) =>
        (await (await app.Host.As(account, x => x.Get.Url($"/history/{kind}/{id}?at={HistoryScenarios.At(instant)}")))
            .ShouldBeProblem(404))["code"].Str().ShouldBe("NotExistingThen");

    IEnumerable<(string Kind, string Id, TestAccount Account)> Resources() =>
    [
        (HistoryKinds.FloatingIps, app.FloatingIpId, Demo),
        (HistoryKinds.FloatingIps, app.OtherFloatingIpId, Other),
        (HistoryKinds.Servers, app.ServerId, Demo),
        (HistoryKinds.SharedIps, app.SharedIpId, Demo),
        (HistoryKinds.PrivateIps, app.PrivateIpId, Demo),
        (HistoryKinds.PrivateIps, app.SecondPrivateIpId, Demo),
    ];

    [Fact]
    public async Task the_holder_of_the_floating_address_is_known_at_every_boundary()
    {
        await app.WrittenAsync();
        var pool = await PoolNetworkId();
        var mine = await app.Host.EventsOf(Demo, HistoryKinds.FloatingIps, app.FloatingIpId);
        var theirs = await app.Host.EventsOf(Other, HistoryKinds.FloatingIps, app.OtherFloatingIpId);
        var (allocated, released, reallocated) = (mine[0]!.Timestamp(), mine[^1]!.Timestamp(), theirs[0]!.Timestamp());

        var all = await app.Host.HistoryOk(Demo, $"/history/addresses/{app.FloatingAddress}?network_id={pool}");
        var holdings = all["holdings"]!.AsArray();
        holdings.Count.ShouldBe(2, all.ToJsonString());
        holdings[0]!["holder_kind"].Str().ShouldBe("floating-ip");
        holdings[0]!["holder_id"].Str().ShouldBe(app.FloatingIpId);
        holdings[0]!["resource"].Str().ShouldBe($"/history/floating-ips/{app.FloatingIpId}");
        holdings[0]!["tenant_id"].Str().ShouldBe(Demo.TenantId);
        DateTimeOffset.Parse(holdings[0]!["from"].Str()).ShouldBe(allocated);
        DateTimeOffset.Parse(holdings[0]!["to"].Str()).ShouldBe(released);
        holdings[0]!["opened_by"]!["request_id"].Str().ShouldBe(app.Steps[app.FloatingIpId][0].RequestId);
        holdings[0]!["closed_by"]!["request_id"].Str().ShouldBe(app.Steps[app.FloatingIpId][^1].RequestId);
        holdings[1]!["held_by_another_tenant"]!.GetValue<bool>().ShouldBeTrue();
        holdings[1]!["to"].ShouldBeNull();
        DateTimeOffset.Parse(holdings[1]!["from"].Str()).ShouldBe(reallocated);

        await HolderAt(pool, app.FloatingAddress, allocated.Microseconds(-1), null);
        await HolderAt(pool, app.FloatingAddress, allocated, app.FloatingIpId);
        await HolderAt(pool, app.FloatingAddress, allocated.Microseconds(1), app.FloatingIpId);
        await HolderAt(pool, app.FloatingAddress, released.Microseconds(-1), app.FloatingIpId);
        await HolderAt(pool, app.FloatingAddress, released, null);
        await HolderAt(pool, app.FloatingAddress, reallocated.Microseconds(-1), reallocated > released ? null : "another tenant");
        await HolderAt(pool, app.FloatingAddress, reallocated, "another tenant");
        await HolderAt(pool, app.FloatingAddress, reallocated.Microseconds(1), "another tenant");
    }

    [Fact]
    public async Task an_address_that_changed_hands_between_kinds_of_holder_shows_both()
    {
        await app.WrittenAsync();

        var history = await app.Host.HistoryOk(Demo, $"/history/addresses/{app.SharedAddress}?network_id={Scenarios.PublicNet}");
        var holdings = history["holdings"]!.AsArray();

        holdings.Select(h => h!["holder_kind"].Str()).ShouldBe(["shared-ip", "server-port"], history.ToJsonString());
        holdings[0]!["holder_id"].Str().ShouldBe(app.SharedIpId);
        holdings[0]!["to"].ShouldNotBeNull();
        holdings[1]!["held_by_another_tenant"]!.GetValue<bool>().ShouldBeTrue();
        holdings[1]!["device_id"].ShouldBeNull();

        var theirs = await app.Host.HistoryOk(Other, $"/history/addresses/{app.SharedAddress}?network_id={Scenarios.PublicNet}");
        theirs["holdings"]![1]!["device_id"].Str().ShouldBe(app.OtherServerId);
        theirs["holdings"]![1]!["resource"].Str().ShouldBe($"/history/servers/{app.OtherServerId}");
        theirs["holdings"]![0]!["held_by_another_tenant"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Fact]
    public async Task a_private_address_shows_both_private_ips_in_turn()
    {
        await app.WrittenAsync();

        var history = await app.Host.HistoryOk(Demo, $"/history/addresses/{app.PrivateAddress}?network_id={app.VpcSubnetId}");

        history["holdings"]!.AsArray().Select(h => h!["holder_id"].Str()).ShouldBe([app.PrivateIpId, app.SecondPrivateIpId]);
        (await (await app.Host.As(Other, x => x.Get.Url($"/history/addresses/{app.PrivateAddress}?network_id={app.VpcSubnetId}")))
            .ShouldBeProblem(404)).ToJsonString().ShouldNotContain(Demo.TenantId);
    }

    async Task HolderAt(string network, string address, DateTimeOffset instant, string? expected)
    {
        var answer = await app.Host.HistoryOk(Demo, $"/history/addresses/{address}?network_id={network}&at={HistoryScenarios.At(instant)}");
        var holdings = answer["holdings"]!.AsArray();
        var label = $"{address} at {instant:O}: {answer.ToJsonString()}";
        switch (expected)
        {
            case null:
                answer["held"]!.GetValue<bool>().ShouldBeFalse(label);
                holdings.ShouldBeEmpty(label);
                break;
            case "another tenant":
                holdings.Count.ShouldBe(1, label);
                holdings[0]!["held_by_another_tenant"]!.GetValue<bool>().ShouldBeTrue(label);
                holdings[0]!["holder_id"].ShouldBeNull(label);
                break;
            default:
                answer["held"]!.GetValue<bool>().ShouldBeTrue(label);
                holdings.Count.ShouldBe(1, label);
                holdings[0]!["holder_id"].Str().ShouldBe(expected, label);
                break;
        }
    }

    [Fact]
    public async Task the_other_tenant_is_never_named_in_what_demo_sees()
    {
        await app.WrittenAsync();
        var pool = await PoolNetworkId();
        string[] urls =
        [
            $"/history/addresses/{app.FloatingAddress}",
            $"/history/addresses/{app.FloatingAddress}?network_id={pool}",
            $"/history/addresses/{app.SharedAddress}",
            $"/history/networks/{Scenarios.PublicNet}/events?limit=1000",
            $"/history/networks/{Scenarios.PublicNet}",
        ];
        foreach (var url in urls)
        {
            var text = (await app.Host.HistoryOk(Demo, url)).ToJsonString();
            text.ShouldNotContain(Other.TenantId, customMessage: url);
            text.ShouldNotContain("\"other\"", customMessage: url);
            text.ShouldNotContain(app.OtherServerId, customMessage: url);
            text.ShouldNotContain(app.OtherFloatingIpId, customMessage: url);
            foreach (var request in app.OtherRequestIds) text.ShouldNotContain(request, customMessage: url);
        }

        // The network's timeline (from the holdings, issue 18) lists the address the other tenant holds, not who holds it.
        var lanes = (await app.Host.HistoryOk(Demo, $"/history/networks/{Scenarios.PublicNet}/addresses"))["addresses"]!.AsArray();
        lanes.Select(a => a.Str()).ShouldContain(app.SharedAddress);
    }

    [Fact]
    public async Task another_tenants_resources_have_no_history_for_demo()
    {
        await app.WrittenAsync();

        foreach (var url in new[]
                 {
                     $"/history/floating-ips/{app.OtherFloatingIpId}/events", $"/history/floating-ips/{app.OtherFloatingIpId}",
                     $"/history/servers/{app.OtherServerId}/events", $"/history/servers/{app.OtherServerId}?version=1",
                 })
        {
            var body = await (await app.Host.As(Demo, x => x.Get.Url(url))).ShouldBeProblem(404);
            body.ToJsonString().ShouldNotContain(Other.TenantId);
        }
        // …and asking for the wrong kind is the same 404.
        await (await app.Host.As(Demo, x => x.Get.Url($"/history/servers/{app.FloatingIpId}/events"))).ShouldBeProblem(404);
    }

    [Fact]
    public async Task the_events_of_a_request_are_found_by_its_id_and_only_those()
    {
        await app.WrittenAsync();
        var attach = app.Steps[app.FloatingIpId][1].RequestId;

        var answer = await app.Host.HistoryOk(Demo, $"/history/requests/{attach}");

        var events = answer["events"]!.AsArray();
        events.Select(e => (e!["type"].Str(), e["stream_id"].Str())).ShouldBe(
            [("floating_ip_associated", app.FloatingIpId), ("floating_ip_added_to_server", app.ServerId)], ignoreOrder: true);
        events.ShouldAllBe(e => e!["request_id"].Str() == attach && e["command"].Str() == "addFloatingIp");
        (await app.Host.HistoryOk(Other, $"/history/requests/{attach}"))["events"]!.AsArray().ShouldBeEmpty();
        (await app.Host.HistoryOk(Demo, $"/history/requests/req-{Guid.NewGuid()}"))["events"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task a_virtual_interface_has_the_part_of_its_servers_history_about_it()
    {
        await app.WrittenAsync();
        var server = await app.Host.ShowServer(Demo, app.ServerId);
        var interfaces = await app.Host.HistoryOk(Demo, $"/servers/{app.ServerId}/os-virtual-interfacesv2");
        var port = interfaces["virtual_interfaces"]![0]!;

        var events = await app.Host.EventsOf(Demo, HistoryKinds.VirtualInterfaces, port["id"].Str());
        var state = await app.Host.HistoryOk(Demo, $"/history/virtual-interfaces/{port["id"].Str()}?version=1");

        events.Select(e => e!["type"].Str()).ShouldBe(["server_created"]);
        JsonNode.DeepEquals(state["virtual_interfaces"]![0], port).ShouldBeTrue(state.ToJsonString());
        server["id"].Str().ShouldBe(app.ServerId);
    }

    [Fact]
    public async Task a_network_or_pool_lists_every_address_it_gave_out()
    {
        await app.WrittenAsync();
        var pool = await PoolNetworkId();

        var inPool = await app.Host.HistoryOk(Demo, $"/history/networks/{pool}/addresses");
        var inVpc = await app.Host.HistoryOk(Demo, $"/history/networks/{app.VpcSubnetId}/addresses");
        var firstPage = await app.Host.HistoryOk(Demo, $"/history/networks/{Scenarios.PublicNet}/addresses?limit=1");
        var secondPage = await app.Host.HistoryOk(Demo, firstPage["next"].Str());

        inPool["addresses"]!.AsArray().Select(a => a.Str()).ShouldBe([app.FloatingAddress]);
        inVpc["addresses"]!.AsArray().Select(a => a.Str()).ShouldBe([app.PrivateAddress]);
        firstPage["addresses"]!.AsArray().Count.ShouldBe(1);
        secondPage["addresses"]![0].Str().ShouldNotBe(firstPage["addresses"]![0].Str());
        await (await app.Host.As(Other, x => x.Get.Url($"/history/networks/{app.VpcSubnetId}/addresses"))).ShouldBeProblem(404);
    }

    [Fact]
    public async Task pages_of_a_log_follow_each_other()
    {
        await app.WrittenAsync();

        var first = await app.Host.HistoryOk(Demo, $"/history/servers/{app.ServerId}/events?limit=2");
        var second = await app.Host.HistoryOk(Demo, first["next"].Str());

        first["events"]!.AsArray().Select(e => e!["version"]!.GetValue<long>()).ShouldBe([1L, 2L]);
        second["events"]!.AsArray().Select(e => e!["version"]!.GetValue<long>()).ShouldBe([3L, 4L]);
    }

    async Task<string> PoolNetworkId()
    {
        // The default pool's network id, derived from its name: find it from the holdings of the address.
        var answer = await app.Host.HistoryOk(Demo, $"/history/addresses/{app.FloatingAddress}");
        return answer["holdings"]![0]!["network_id"].Str();
    }
}

/// <summary>The resource kinds the history routes name.</summary>
public static class HistoryKinds
{
    public const string FloatingIps = "floating-ips";
    public const string Servers = "servers";
    public const string VirtualInterfaces = "virtual-interfaces";
    public const string SharedIps = "shared-ips";
    public const string PrivateIps = "private-ips";
    public const string Networks = "networks";
    public const string Keypairs = "keypairs";
}
