using Alba;
using CloudNet.Compute.FloatingIps;
using CloudNet.Compute.Servers;
using CloudNet.Tests.Support;
using JasperFx.Events;
using Marten;

namespace CloudNet.Tests.Compute;

/// <summary>
/// Every change is an event in the IP's stream (and the server's), carrying who made it and the request id the
/// client saw in <c>X-Compute-Request-Id</c>.
/// </summary>
public class floating_ip_events(AppFixture app) : IClassFixture<AppFixture>
{
    static string RequestId(IScenarioResult result) =>
        result.Header("X-Compute-Request-Id").ShouldNotBeNull("every compute response carries X-Compute-Request-Id");

    async Task<IReadOnlyList<IEvent>> Stream(string id)
    {
        await using var session = app.Host.DocumentStore().QuerySession();
        return await session.Events.FetchStreamAsync(Guid.Parse(id));
    }

    static void ShouldBeCausedBy(IEvent e, string requestId)
    {
        e.UserName.ShouldBe("demo", $"{e.EventTypeName}.UserName");
        e.CorrelationId.ShouldBe(requestId, $"{e.EventTypeName}.CorrelationId");
    }

    [Fact]
    public async Task allocate_add_remove_release_leave_four_events_each_carrying_user_and_request_id()
    {
        var server = await app.Host.CreateServer(TestAccount.Demo, "events");
        var serverId = server["id"].Str();

        var allocate = await app.Host.As(TestAccount.Demo, x => x.Post.Url("/os-floating-ips"));
        allocate.Status().ShouldBe(202);
        var ip = (await allocate.Json())["floating_ip"]!;
        var (id, address) = (ip["id"].Str(), ip["ip"].Str());

        var add = await app.Host.AddFloatingIp(TestAccount.Demo, serverId, address);
        add.Status().ShouldBe(202);
        var remove = await app.Host.RemoveFloatingIp(TestAccount.Demo, serverId, address);
        remove.Status().ShouldBe(202);
        var release = await app.Host.ReleaseFloatingIp(TestAccount.Demo, id);
        release.Status().ShouldBe(202);

        var requestIds = new[] { RequestId(allocate), RequestId(add), RequestId(remove), RequestId(release) };
        requestIds.Distinct().Count().ShouldBe(4, "each request has an id of its own");

        var events = await Stream(id);
        events.Select(e => e.EventType).ShouldBe(
            [typeof(FloatingIpAllocated), typeof(FloatingIpAssociated), typeof(FloatingIpDisassociated), typeof(FloatingIpReleased)]);
        for (var i = 0; i < events.Count; i++) ShouldBeCausedBy(events[i], requestIds[i]);

        var allocated = (FloatingIpAllocated)events[0].Data;
        allocated.Address.ShouldBe(address);
        allocated.Pool.ShouldBe("default");
        allocated.TenantId.ShouldBe(TestAccount.Demo.TenantId);
        allocated.By.ShouldBe("demo");
        var associated = (FloatingIpAssociated)events[1].Data;
        associated.ServerId.ShouldBe(Guid.Parse(serverId));
        associated.FixedIp.ShouldBe(server.AddressEntries().First(a => a.Label == "public" && a.Version == 4).Addr);
        ((FloatingIpDisassociated)events[2].Data).ServerId.ShouldBe(Guid.Parse(serverId));
        ((FloatingIpReleased)events[3].Data).Address.ShouldBe(address);

        var serverEvents = await Stream(serverId);
        serverEvents.Select(e => e.EventType).ShouldBe(
            [typeof(ServerCreated), typeof(FloatingIpAddedToServer), typeof(FloatingIpRemovedFromServer)]);
        ShouldBeCausedBy(serverEvents[1], requestIds[1]);
        ShouldBeCausedBy(serverEvents[2], requestIds[2]);
        var added = (FloatingIpAddedToServer)serverEvents[1].Data;
        (added.FloatingIpId, added.Address, added.FixedIp).ShouldBe((Guid.Parse(id), address, associated.FixedIp));
        var removed = (FloatingIpRemovedFromServer)serverEvents[2].Data;
        (removed.FloatingIpId, removed.Address).ShouldBe((Guid.Parse(id), address));
    }

    [Fact]
    public async Task releasing_an_attached_ip_records_the_detach_in_both_streams_under_one_request_id()
    {
        var serverId = (await app.Host.CreateServer(TestAccount.Demo, "release-attached"))["id"].Str();
        var ip = await app.Host.AllocateFloatingIp(TestAccount.Demo);
        (await app.Host.AddFloatingIp(TestAccount.Demo, serverId, ip["ip"].Str())).Status().ShouldBe(202);

        var release = await app.Host.ReleaseFloatingIp(TestAccount.Demo, ip["ip"].Str());
        release.Status().ShouldBe(202);
        var requestId = RequestId(release);

        var events = await Stream(ip["id"].Str());
        events.Select(e => e.EventType).ShouldBe(
            [typeof(FloatingIpAllocated), typeof(FloatingIpAssociated), typeof(FloatingIpDisassociated), typeof(FloatingIpReleased)]);
        ShouldBeCausedBy(events[2], requestId);
        ShouldBeCausedBy(events[3], requestId);

        var serverEvents = await Stream(serverId);
        serverEvents.Last().EventType.ShouldBe(typeof(FloatingIpRemovedFromServer));
        ShouldBeCausedBy(serverEvents.Last(), requestId);
    }

    [Fact]
    public async Task creating_and_deleting_a_server_are_events_of_its_stream_and_detach_its_floating_ip()
    {
        var create = await app.Host.As(TestAccount.Demo, x => x.Post.Json(new { server = new { name = "short-lived", imageRef = "i", flavorRef = "f" } })
            .ToUrl("/servers"));
        create.Status().ShouldBe(202);
        var serverId = (await create.Json())["server"]!["id"].Str();
        var ip = await app.Host.AllocateFloatingIp(TestAccount.Demo);
        (await app.Host.AddFloatingIp(TestAccount.Demo, serverId, ip["ip"].Str())).Status().ShouldBe(202);

        var delete = await app.Host.As(TestAccount.Demo, x => x.Delete.Url($"/servers/{serverId}"));
        delete.Status().ShouldBe(204);

        var serverEvents = await Stream(serverId);
        // Its two interfaces (PublicNet, ServiceNet) are detached, as events, before the delete.
        serverEvents.Select(e => e.EventType).ShouldBe(
            [typeof(ServerCreated), typeof(FloatingIpAddedToServer), typeof(VirtualInterfaceDetached), typeof(VirtualInterfaceDetached), typeof(ServerDeleted)]);
        ShouldBeCausedBy(serverEvents[0], RequestId(create));
        serverEvents.Skip(2).ShouldAllBe(e => e.CorrelationId == RequestId(delete));
        var created = (ServerCreated)serverEvents[0].Data;
        created.Name.ShouldBe("short-lived");
        created.TenantId.ShouldBe(TestAccount.Demo.TenantId);

        var ipEvents = await Stream(ip["id"].Str());
        ipEvents.Last().EventType.ShouldBe(typeof(FloatingIpDisassociated));
        ShouldBeCausedBy(ipEvents.Last(), RequestId(delete));
    }
}
