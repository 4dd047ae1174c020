using Alba;
using CloudNet.Networks;
using CloudNet.Tests.Support;
using JasperFx.Events;
using Marten;

namespace CloudNet.Tests.Networks;

/// <summary>Every change of a network is an event in the network's stream, carrying who made it and the request id
/// the client saw in <c>X-Openstack-Request-Id</c> (or <c>X-Compute-Request-Id</c> for os-networksv2).</summary>
public class network_events(AppFixture app) : IClassFixture<AppFixture>
{
    async Task<IReadOnlyList<IEvent>> Stream(Guid streamId)
    {
        await using var session = app.Host.DocumentStore().QuerySession();
        return await session.Events.FetchStreamAsync(streamId);
    }

    static string RequestId(IScenarioResult result, string header = "X-Openstack-Request-Id") =>
        result.Header(header).ShouldNotBeNull($"every response carries {header}");

    static void ShouldBeCausedBy(IEvent e, string requestId)
    {
        e.UserName.ShouldBe("demo", $"{e.EventTypeName}.UserName");
        e.CorrelationId.ShouldBe(requestId, $"{e.EventTypeName}.CorrelationId");
    }

    [Fact]
    public async Task create_add_subnet_and_delete_leave_three_events_each_carrying_user_and_request_id()
    {
        var create = await app.Host.As(TestAccount.Demo, x => x.Post.Json(new { network = new { name = "evented" } }).ToUrl("/v2.0/networks"));
        create.Status().ShouldBe(201);
        var id = (await create.Json())["network"]!["id"].Str();
        var subnet = await app.Host.As(TestAccount.Demo, x => x.Post
            .Json(new { subnet = new { network_id = id, cidr = "192.168.50.0/24", ip_version = 4, name = "evented-v4" } }).ToUrl("/v2.0/subnets"));
        subnet.Status().ShouldBe(201);
        var subnetId = (await subnet.Json())["subnet"]!["id"].Str();
        var delete = await app.Host.As(TestAccount.Demo, x => x.Delete.Url($"/v2.0/networks/{id}"));
        delete.Status().ShouldBe(204);

        var events = await Stream(Guid.Parse(id));

        events.Select(e => e.EventType).ShouldBe([typeof(NetworkCreated), typeof(SubnetCreated), typeof(NetworkDeleted)]);
        var requestIds = new[] { RequestId(create), RequestId(subnet), RequestId(delete) };
        requestIds.Distinct().Count().ShouldBe(3);
        for (var i = 0; i < events.Count; i++) ShouldBeCausedBy(events[i], requestIds[i]);

        var created = (NetworkCreated)events[0].Data;
        (created.NetworkId, created.TenantId, created.Label, created.By).ShouldBe((Guid.Parse(id), TestAccount.Demo.TenantId, "evented", "demo"));
        var added = (SubnetCreated)events[1].Data;
        added.NetworkId.ShouldBe(Guid.Parse(id));
        (added.Subnet.Id, added.Subnet.Cidr, added.Subnet.Version, added.Subnet.Gateway, added.Subnet.Name)
            .ShouldBe((Guid.Parse(subnetId), "192.168.50.0/24", 4, "192.168.50.1", "evented-v4"));
        added.By.ShouldBe("demo");
        var deleted = (NetworkDeleted)events[2].Data;
        (deleted.NetworkId, deleted.By).ShouldBe((Guid.Parse(id), "demo"));
    }

    [Fact]
    public async Task deleting_a_subnet_is_an_event_in_its_networks_stream()
    {
        var (networkId, subnetId) = await app.Host.CreateNetworkWithSubnet(TestAccount.Demo, "shrinks", "192.168.51.0/24");
        var delete = await app.Host.As(TestAccount.Demo, x => x.Delete.Url($"/v2.0/subnets/{subnetId}"));
        delete.Status().ShouldBe(204);

        var events = await Stream(Guid.Parse(networkId));

        events.Select(e => e.EventType).ShouldBe([typeof(NetworkCreated), typeof(SubnetCreated), typeof(SubnetDeleted)]);
        ShouldBeCausedBy(events[2], RequestId(delete));
        var deleted = (SubnetDeleted)events[2].Data;
        (deleted.NetworkId, deleted.SubnetId, deleted.By).ShouldBe((Guid.Parse(networkId), Guid.Parse(subnetId), "demo"));
    }

    [Fact]
    public async Task an_isolated_network_is_created_with_its_subnet_in_one_request_and_deleted_in_another()
    {
        var create = await app.Host.As(TestAccount.Demo, x => x.Post
            .Json(new { network = new { label = "isolated-events", cidr = "192.168.52.0/24" } }).ToUrl("/os-networksv2"));
        create.Status().ShouldBe(200);
        var id = (await create.Json())["network"]!["id"].Str();
        var delete = await app.Host.As(TestAccount.Demo, x => x.Delete.Url($"/os-networksv2/{id}"));
        delete.Status().ShouldBe(202);

        var events = await Stream(Guid.Parse(id));

        events.Select(e => e.EventType).ShouldBe([typeof(NetworkCreated), typeof(SubnetCreated), typeof(NetworkDeleted)]);
        var createId = RequestId(create, "X-Compute-Request-Id");
        ShouldBeCausedBy(events[0], createId);
        ShouldBeCausedBy(events[1], createId);
        ShouldBeCausedBy(events[2], RequestId(delete, "X-Compute-Request-Id"));
        ((SubnetCreated)events[1].Data).Subnet.Cidr.ShouldBe("192.168.52.0/24");
    }

    [Fact]
    public async Task refused_commands_leave_no_event()
    {
        var (networkId, _) = await app.Host.CreateNetworkWithSubnet(TestAccount.Demo, "refusals", "192.168.53.0/24");
        var server = await app.Host.CreateServer(TestAccount.Demo, "holder", new[] { new { uuid = networkId } });

        (await app.Host.PostSubnet(TestAccount.Demo, new { network_id = networkId, cidr = "192.168.53.128/25", ip_version = 4 })).Status().ShouldBe(400);
        (await app.Host.As(TestAccount.Demo, x => x.Delete.Url($"/v2.0/networks/{networkId}"))).Status().ShouldBe(409);
        (await app.Host.As(TestAccount.Other, x => x.Delete.Url($"/v2.0/networks/{networkId}"))).Status().ShouldBe(404);

        // The refusals added nothing; the server's address is recorded in the address's own stream.
        var events = await Stream(Guid.Parse(networkId));
        events.Select(e => e.EventType).ShouldBe([typeof(NetworkCreated), typeof(SubnetCreated)]);
        var address = await Stream(AddressStreams.IdOf(Guid.Parse(networkId), System.Net.IPAddress.Parse("192.168.53.2")));
        address.Select(e => e.EventType).ShouldBe([typeof(NetworkAddressAssigned)]);
        var assigned = (NetworkAddressAssigned)address[0].Data;
        (assigned.HolderKind, assigned.DeviceId.ToString(), assigned.Address).ShouldBe(("server-port", server["id"].Str(), "192.168.53.2"));
    }

    [Fact]
    public async Task publicnets_stream_lives_under_its_stand_in_key_and_servicenets_under_its_id()
    {
        // Other tests of this class may have given out addresses on them; only the seed is looked at here.
        var publicNet = (await Stream(NetworkKeys.PublicNetStreamId)).Where(e => e.Data is NetworkCreated or SubnetCreated).ToList();
        var serviceNet = (await Stream(WellKnownNetworks.ServiceNet)).Where(e => e.Data is NetworkCreated or SubnetCreated).ToList();

        publicNet.Select(e => e.EventType).ShouldBe([typeof(NetworkCreated), typeof(SubnetCreated), typeof(SubnetCreated)]);
        var created = (NetworkCreated)publicNet[0].Data;
        (created.NetworkId, created.TenantId, created.Label).ShouldBe((Guid.Empty, (string?)null, "public"));
        publicNet.Skip(1).Select(e => ((SubnetCreated)e.Data).Subnet.Cidr).Order().ShouldBe(["198.51.100.0/24", "2001:db8:100::/64"]);
        publicNet.ShouldAllBe(e => e.UserName == "system");

        serviceNet.Select(e => e.EventType).ShouldBe([typeof(NetworkCreated), typeof(SubnetCreated)]);
        ((NetworkCreated)serviceNet[0].Data).Label.ShouldBe("private");
        ((SubnetCreated)serviceNet[1].Data).Subnet.Cidr.ShouldBe("10.176.0.0/16");
    }

    [Fact]
    public async Task a_restarted_service_seeds_nothing_twice()
    {
        var another = await app.StartAnotherHostAsync();
        try
        {
            (await Stream(NetworkKeys.PublicNetStreamId)).Count(e => e.Data is NetworkCreated or SubnetCreated).ShouldBe(3);
            (await Stream(WellKnownNetworks.ServiceNet)).Count(e => e.Data is NetworkCreated or SubnetCreated).ShouldBe(2);
        }
        finally
        {
            await another.StopAsync();
            await another.DisposeAsync();
        }
    }

    [Fact]
    public async Task every_address_given_out_or_taken_back_is_in_its_own_stream_not_the_networks()
    {
        var (networkId, _) = await app.Host.CreateNetworkWithSubnet(TestAccount.Demo, "ledger", "192.168.54.0/24");
        var project = TestAccount.Demo.TenantId;

        var server = await app.Host.CreateServer(TestAccount.Demo, "holder", new[] { new { uuid = networkId } });
        var assign = await app.Host.As(TestAccount.Demo, x => x.Post
            .Json(new { privateips = new[] { new { subnet_id = networkId, ip_address = "192.168.54.77" } } }).ToUrl($"/v1/{project}/privateips"));
        assign.Status().ShouldBe(200);
        var privateIpId = (await assign.Json())["privateips"]![0]!["id"].Str();
        var releaseIp = await app.Host.As(TestAccount.Demo, x => x.Delete.Url($"/v1/{project}/privateips/{privateIpId}"));
        releaseIp.Status().ShouldBe(204);
        var deleteServer = await app.Host.As(TestAccount.Demo, x => x.Delete.Url($"/servers/{server["id"].Str()}"));
        deleteServer.Status().ShouldBe(204);

        // Not in the network's stream (issue 18: its row was a lock every address change on the network queued on) ...
        (await Stream(Guid.Parse(networkId))).Count(e => e.Data is NetworkAddressAssigned or NetworkAddressReleased).ShouldBe(0);
        // ... but in each address's stream: its holders, one after the other.
        var ledger = (await Stream(AddressStreams.IdOf(Guid.Parse(networkId), System.Net.IPAddress.Parse("192.168.54.2"))))
            .Concat(await Stream(AddressStreams.IdOf(Guid.Parse(networkId), System.Net.IPAddress.Parse("192.168.54.77"))))
            .OrderBy(e => e.Sequence).ToList();
        ledger.Select(e => e.Data switch
        {
            NetworkAddressAssigned a => $"+{a.Address} {a.HolderKind}",
            NetworkAddressReleased r => $"-{r.Address} {r.HolderKind}",
            _ => "",
        }).ShouldBe(["+192.168.54.2 server-port", "+192.168.54.77 private-ip", "-192.168.54.77 private-ip", "-192.168.54.2 server-port"]);
        ShouldBeCausedBy(ledger[1], RequestId(assign, "X-Request-Id"));
        ShouldBeCausedBy(ledger[2], RequestId(releaseIp, "X-Request-Id"));
        ShouldBeCausedBy(ledger[3], RequestId(deleteServer, "X-Compute-Request-Id"));
        ((NetworkAddressAssigned)ledger[1].Data).HolderId.ToString().ShouldBe(privateIpId);
        ((NetworkAddressReleased)ledger[2].Data).HolderId.ToString().ShouldBe(privateIpId);
    }
}
