using System.Text.Json.Nodes;
using Alba;
using CloudNet.Tests.Networks.SharedIps;
using CloudNet.Tests.Support;
using CloudNet.Tests.Vpc;

namespace CloudNet.Tests.History;

/// <summary>What a client saw after each command of the script: the request id the response carried, and the
/// resource's GET body right after it (null once the resource is gone).</summary>
public sealed record Step(string RequestId, JsonNode? Body);

/// <summary>
/// The service with a history written by a script, through the public API only: a server and a floating IP
/// attached, detached, released and re-allocated (same address) to the other tenant; a shared IP provisioned,
/// associated, disassociated and deallocated, its address then given to the other tenant's server; a private
/// IP assigned and deleted and its address assigned again. After every command the script keeps the GET
/// answer of the resources it changed, so that history can be compared with what clients saw at the time.
/// </summary>
public sealed class ScriptedHistory : AppFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["FloatingIpPools:0:Name"] = "default",
        ["FloatingIpPools:0:Cidr"] = "203.0.113.0/29",
        ["Quotas:FloatingIps"] = "1000",
    };

    readonly SemaphoreSlim gate = new(1, 1);
    Task? writing;

    public string ServerId { get; private set; } = "";
    public string FloatingIpId { get; private set; } = "";
    public string FloatingAddress { get; private set; } = "";
    public string OtherFloatingIpId { get; private set; } = "";
    public string SharedIpId { get; private set; } = "";
    public string SharedAddress { get; private set; } = "";
    public string OtherServerId { get; private set; } = "";
    public string VpcSubnetId { get; private set; } = "";
    public string PrivateIpId { get; private set; } = "";
    public string PrivateAddress { get; private set; } = "";
    public string SecondPrivateIpId { get; private set; } = "";
    public List<string> OtherRequestIds { get; } = [];

    /// <summary>Per resource id, the steps in order: step k is what GET answered after the stream's version k.</summary>
    public Dictionary<string, List<Step>> Steps { get; } = [];

    public async Task<ScriptedHistory> WrittenAsync()
    {
        // Written once; a failure fails every test of the class the same way instead of half-writing it again.
        await gate.WaitAsync();
        try
        {
            writing ??= WriteAsync();
        }
        finally
        {
            gate.Release();
        }
        await writing;
        return this;
    }

    async Task WriteAsync()
    {
        var demo = TestAccount.Demo;
        var other = TestAccount.Other;

        // A server and a floating IP.
        var create = await Host.As(demo, x => x.Post.Json(new { server = new { name = "audited", imageRef = "img", flavorRef = "flv" } }).ToUrl("/servers"));
        create.Status().ShouldBe(202);
        ServerId = (await create.Json())["server"]!["id"].Str();
        await Record(ServerId, create, $"/servers/{ServerId}", demo);

        var allocate = await Host.As(demo, x => x.Post.Url("/os-floating-ips"));
        allocate.Status().ShouldBe(202);
        FloatingIpId = (await allocate.Json())["floating_ip"]!["id"].Str();
        FloatingAddress = (await allocate.Json())["floating_ip"]!["ip"].Str();
        await Record(FloatingIpId, allocate, $"/os-floating-ips/{FloatingIpId}", demo);

        var add = await Host.AddFloatingIp(demo, ServerId, FloatingAddress);
        add.Status().ShouldBe(202);
        await Record(FloatingIpId, add, $"/os-floating-ips/{FloatingIpId}", demo);
        await Record(ServerId, add, $"/servers/{ServerId}", demo);

        var remove = await Host.RemoveFloatingIp(demo, ServerId, FloatingAddress);
        remove.Status().ShouldBe(202);
        await Record(FloatingIpId, remove, $"/os-floating-ips/{FloatingIpId}", demo);
        await Record(ServerId, remove, $"/servers/{ServerId}", demo);

        var release = await Host.ReleaseFloatingIp(demo, FloatingIpId);
        release.Status().ShouldBe(202);
        Steps[FloatingIpId].Add(new Step(RequestId(release), null));

        // The released address is the first one given out again: to the other tenant.
        var otherAllocate = await Host.As(other, x => x.Post.Url("/os-floating-ips"));
        otherAllocate.Status().ShouldBe(202);
        OtherFloatingIpId = (await otherAllocate.Json())["floating_ip"]!["id"].Str();
        (await otherAllocate.Json())["floating_ip"]!["ip"].Str().ShouldBe(FloatingAddress);
        OtherRequestIds.Add(RequestId(otherAllocate));
        await Record(OtherFloatingIpId, otherAllocate, $"/os-floating-ips/{OtherFloatingIpId}", other);

        // A shared IP on PublicNet for the server and a partner, associated with the server, then given back.
        var partner = (await Host.CreateServer(demo, "partner"))["id"].Str();
        var provision = await Host.PostIpAddress(demo, new { network_id = Scenarios.PublicNet, version = 4, device_ids = new[] { ServerId, partner } });
        provision.Status().ShouldBe(201, await provision.ReadAsTextAsync());
        SharedIpId = (await provision.Json())["ip_address"]!["id"].Str();
        SharedAddress = (await provision.Json())["ip_address"]!["address"].Str();
        await Record(SharedIpId, provision, $"/v2.0/ip_addresses/{SharedIpId}", demo);

        var associate = await Host.Associate(demo, ServerId, SharedIpId);
        associate.Status().ShouldBe(201, await associate.ReadAsTextAsync());
        await Record(SharedIpId, associate, $"/v2.0/ip_addresses/{SharedIpId}", demo);
        await Record(ServerId, associate, $"/servers/{ServerId}", demo);

        var disassociate = await Host.Disassociate(demo, ServerId, SharedIpId);
        disassociate.Status().ShouldBe(204, await disassociate.ReadAsTextAsync());
        await Record(SharedIpId, disassociate, $"/v2.0/ip_addresses/{SharedIpId}", demo);
        await Record(ServerId, disassociate, $"/servers/{ServerId}", demo);

        var deallocate = await Host.DeallocateIp(demo, SharedIpId);
        deallocate.Status().ShouldBe(204, await deallocate.ReadAsTextAsync());
        Steps[SharedIpId].Add(new Step(RequestId(deallocate), null));

        // The other tenant's server gets the released PublicNet address on its port.
        var otherCreate = await Host.As(other, x => x.Post.Json(new { server = new { name = "next", imageRef = "img", flavorRef = "flv" } }).ToUrl("/servers"));
        otherCreate.Status().ShouldBe(202);
        OtherServerId = (await otherCreate.Json())["server"]!["id"].Str();
        OtherRequestIds.Add(RequestId(otherCreate));
        (await Host.ShowServer(other, OtherServerId)).AddressEntries().Select(a => a.Addr).ShouldContain(SharedAddress);

        // A private IP on a VPC subnet, deleted, and its address assigned again.
        VpcSubnetId = await Host.CreateVpcSubnet(demo, "10.9.0.0/24", "audited-vpc");
        var assign = await Host.AssignPrivateIps(demo, (VpcSubnetId, null));
        assign.Status.ShouldBe(200, assign.ToString());
        PrivateIpId = assign.Json["privateips"]![0]!["id"].Str();
        PrivateAddress = assign.Json["privateips"]![0]!["ip_address"].Str();
        Steps[PrivateIpId] = [new Step(assign.RequestId!, (await Host.ShowPrivateIp(demo, PrivateIpId)).Json)];
        var delete = await Host.DeletePrivateIp(demo, PrivateIpId);
        delete.Status.ShouldBe(204, delete.ToString());
        Steps[PrivateIpId].Add(new Step(delete.RequestId!, null));
        var again = await Host.AssignPrivateIps(demo, (VpcSubnetId, null));
        SecondPrivateIpId = again.Json["privateips"]![0]!["id"].Str();
        again.Json["privateips"]![0]!["ip_address"].Str().ShouldBe(PrivateAddress);
        Steps[SecondPrivateIpId] = [new Step(again.RequestId!, (await Host.ShowPrivateIp(demo, SecondPrivateIpId)).Json)];
    }

    async Task Record(string resourceId, IScenarioResult result, string getUrl, TestAccount account)
    {
        var show = await Host.As(account, x => x.Get.Url(getUrl));
        show.Status().ShouldBe(200, await show.ReadAsTextAsync());
        if (!Steps.TryGetValue(resourceId, out var steps)) Steps[resourceId] = steps = [];
        steps.Add(new Step(RequestId(result), await show.Json()));
    }

    public static string RequestId(IScenarioResult result) =>
        result.Header("X-Compute-Request-Id") ?? result.Header("X-Openstack-Request-Id") ?? result.Header("X-Request-Id")
        ?? throw new InvalidOperationException("The response carried no request id");
}
