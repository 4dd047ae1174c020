using CloudNet.Tests.Support;
using CloudNet.Vpc.PrivateIps;
using JasperFx.Events;
using Marten;

namespace CloudNet.Tests.Vpc;

/// <summary>Each private IP is a stream: assigned, then released, each event carrying the user and the request id
/// the client saw in <c>X-Request-Id</c>.</summary>
public class private_ip_events(AppFixture app) : IClassFixture<AppFixture>
{
    static readonly TestAccount Demo = TestAccount.Demo;

    async Task<IReadOnlyList<IEvent>> Stream(string id)
    {
        await using var session = app.Host.DocumentStore().QuerySession();
        return await session.Events.FetchStreamAsync(Guid.Parse(id));
    }

    [Fact]
    public async Task assign_and_delete_leave_assigned_then_released_with_user_and_request_id()
    {
        var subnet = await app.Host.CreateVpcSubnet(Demo, "10.90.0.0/24");
        var assign = await app.Host.AssignPrivateIps(Demo, (subnet, "10.90.0.33"));
        assign.Status.ShouldBe(200, assign.ToString());
        var id = assign.Json["privateips"]![0]!["id"].Str();

        var delete = await app.Host.DeletePrivateIp(Demo, id);
        delete.Status.ShouldBe(204, delete.ToString());

        var requestIds = new[] { assign.RequestId.ShouldNotBeNull(), delete.RequestId.ShouldNotBeNull() };
        requestIds.Distinct().Count().ShouldBe(2, "each request has an id of its own");
        var events = await Stream(id);
        events.Select(e => e.EventType).ShouldBe([typeof(PrivateIpAssigned), typeof(PrivateIpReleased)]);
        for (var i = 0; i < events.Count; i++)
        {
            events[i].UserName.ShouldBe("demo", $"{events[i].EventTypeName}.UserName");
            events[i].CorrelationId.ShouldBe(requestIds[i], $"{events[i].EventTypeName}.CorrelationId");
        }

        var assigned = (PrivateIpAssigned)events[0].Data;
        (assigned.PrivateIpId, assigned.TenantId, assigned.NetworkId, assigned.Address, assigned.By)
            .ShouldBe((Guid.Parse(id), Demo.TenantId, Guid.Parse(subnet), "10.90.0.33", "demo"));
        var released = (PrivateIpReleased)events[1].Data;
        (released.PrivateIpId, released.NetworkId, released.SubnetId, released.Address, released.By)
            .ShouldBe((Guid.Parse(id), Guid.Parse(subnet), assigned.SubnetId, "10.90.0.33", "demo"));
    }

    [Fact]
    public async Task every_ip_of_a_batch_has_its_own_stream_under_the_one_request_id()
    {
        var subnet = await app.Host.CreateVpcSubnet(Demo, "10.91.0.0/24");
        var assign = await app.Host.AssignPrivateIps(Demo, (subnet, null), (subnet, null), (subnet, "10.91.0.200"));
        assign.Status.ShouldBe(200, assign.ToString());

        foreach (var ip in assign.Json["privateips"]!.AsArray())
        {
            var events = await Stream(ip!["id"].Str());
            events.Count.ShouldBe(1);
            events[0].EventType.ShouldBe(typeof(PrivateIpAssigned));
            events[0].CorrelationId.ShouldBe(assign.RequestId);
            ((PrivateIpAssigned)events[0].Data).Address.ShouldBe(ip["ip_address"].Str());
        }
    }

    [Fact]
    public async Task a_refused_delete_appends_nothing()
    {
        var subnet = await app.Host.CreateVpcSubnet(Demo, "10.92.0.0/24");
        var id = (await app.Host.AssignOne(Demo, subnet))["id"].Str();

        (await app.Host.DeletePrivateIp(TestAccount.Other, id)).ShouldBeHuaweiError(404, "VPC.0704");

        (await Stream(id)).Select(e => e.EventType).ShouldBe([typeof(PrivateIpAssigned)]);
    }
}
