using CloudNet.Errors;
using CloudNet.Identity;
using CloudNet.Networks.Ports;
using CloudNet.Vpc.PrivateIps;
using CloudNet.Vpc.PublicIps;
using CloudNet.Vpc.Subnets;
using CloudNet.Vpc.Tags;
using CloudNet.Vpc.Vpcs;
using CloudNet.Vpc.Vpcs.V3;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace CloudNet.Tests.Vpc.Rules;

/// <summary>Pure: the rules behind Huawei's ports, EIPs, tags, updates and v3 API. No host, no database.</summary>
public class huawei_rules
{
    static readonly Caller Demo = new("u-demo", "demo", "tenant-demo");
    static readonly DateTimeOffset Now = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    static Rejection Refused(Action act, RejectionKind kind, string code)
    {
        var rejection = Should.Throw<Rejection>(act);
        rejection.Kind.ShouldBe(kind);
        rejection.Code.ShouldBe(code);
        return rejection;
    }

    // ---- Tags ----

    [Theory]
    [InlineData("env=prod", "env", "prod")]
    [InlineData("solo", "solo", "")]
    [InlineData("a=b=c", "a", "b=c")]
    public void a_neutron_tag_is_a_key_and_a_value(string neutron, string key, string value) =>
        ResourceTags.FromNeutron(neutron).ShouldBe(new ResourceTag(key, value));

    [Fact]
    public void every_huawei_tag_goes_to_neutron_and_back_unchanged()
    {
        foreach (var tag in new[] { new ResourceTag("env", "prod"), new ResourceTag("k", ""), new ResourceTag("环境", "生产.v1") })
            ResourceTags.FromNeutron(ResourceTags.ToNeutron(tag)).ShouldBe(tag);
    }

    [Fact]
    public void creating_a_tag_replaces_its_keys_value_and_deleting_one_it_lacks_is_404_only_alone()
    {
        var tags = ResourceTags.Upsert([new("env", "test"), new("team", "a")], [new("env", "prod")]);
        tags.ShouldBe([new ResourceTag("env", "prod"), new ResourceTag("team", "a")]);
        ResourceTags.Remove(tags, ["team", "nope"], strict: false).ShouldBe([new ResourceTag("env", "prod")]);
        Refused(() => ResourceTags.Remove(tags, ["nope"], strict: true), RejectionKind.NotFound, "VPC.1801");
    }

    [Theory]
    [InlineData("", "v")]
    [InlineData("a=b", "v")]
    [InlineData("ok", "no*star")]
    public void a_tag_huawei_cannot_hold_is_vpc_1801(string key, string value) =>
        Refused(() => ResourceTags.Valid(key, value), RejectionKind.BadRequest, "VPC.1801");

    [Fact]
    public void a_key_twice_in_a_request_and_more_than_twenty_tags_are_refused()
    {
        Refused(() => ResourceTags.Valid([("a", "1"), ("a", "2")]), RejectionKind.BadRequest, "VPC.1801");
        Refused(() => ResourceTags.Upsert([], Enumerable.Range(0, 21).Select(i => new ResourceTag($"k{i}", ""))), RejectionKind.BadRequest, "VPC.1801");
    }

    [Fact]
    public void the_tag_filter_needs_every_key_one_of_its_values_and_the_name()
    {
        var a = new TaggedView(Guid.Parse("00000000-0000-7000-8000-000000000001"), "web-a", [new("env", "prod"), new("tier", "web")]);
        var b = new TaggedView(Guid.Parse("00000000-0000-7000-8000-000000000002"), "web-b", [new("env", "dev")]);
        TagFilter.Matching([b, a], [new TagCondition("env", [])], null).ShouldBe([a, b]);
        TagFilter.Matching([a, b], [new TagCondition("env", ["prod"]), new TagCondition("tier", [])], null).ShouldBe([a]);
        TagFilter.Matching([a, b], [], "-b").ShouldBe([b]);
        Refused(() => TagFilter.Page(0, null), RejectionKind.BadRequest, "VPC.1801");
        TagFilter.Page(null, null).ShouldBe((1000, 0));
    }

    // ---- Subnets ----

    [Fact]
    public void dns_list_is_the_list_and_primary_and_secondary_replace_its_first_two()
    {
        HuaweiSubnetRules.DnsServers(null, null, null, ["1.1.1.1"]).ShouldBeNull();
        HuaweiSubnetRules.DnsServers("8.8.8.8", "8.8.4.4", null, []).ShouldBe(["8.8.8.8", "8.8.4.4"]);
        HuaweiSubnetRules.DnsServers("9.9.9.9", null, null, ["8.8.8.8", "8.8.4.4", "1.1.1.1"]).ShouldBe(["9.9.9.9", "8.8.4.4", "1.1.1.1"]);
        HuaweiSubnetRules.DnsServers("8.8.8.8", null, ["1.1.1.1", "8.8.8.8"], []).ShouldBe(["1.1.1.1", "8.8.8.8"]);
        Refused(() => HuaweiSubnetRules.DnsServers("8.8.8.8", null, ["1.1.1.1"], []), RejectionKind.BadRequest, "VPC.0201");
        Refused(() => HuaweiSubnetRules.DnsServers("2001:db8::1", null, null, []), RejectionKind.BadRequest, "VPC.0201");
        Refused(() => HuaweiSubnetRules.DnsServers(null, null, ["1.1.1.1", "1.1.1.2", "1.1.1.3", "1.1.1.4", "1.1.1.5", "1.1.1.6"], []),
            RejectionKind.BadRequest, "VPC.0201");
    }

    [Fact]
    public void huawei_subnet_fields_become_neutrons_and_what_this_service_lacks_is_refused()
    {
        var changes = HuaweiSubnetRules.Changes("s", new HuaweiSubnetFields("d", false, "8.8.8.8", null, null, null, null), []);
        (changes.Name, changes.Description, changes.EnableDhcp).ShouldBe(("s", "d", false));
        changes.DnsNameservers.ShouldBe(["8.8.8.8"]);
        Refused(() => HuaweiSubnetRules.Changes("s", new HuaweiSubnetFields(null, null, null, null, null, true, null), []), RejectionKind.BadRequest, "VPC.0201");
        HuaweiSubnetRules.Tags(["env*prod", "solo"]).ShouldBe(["env=prod", "solo"]);
    }

    // ---- VPCs ----

    static CloudNet.Vpc.Vpcs.Vpc AVpc() => new(Guid.Parse("00000000-0000-7000-8000-0000000000aa"), "tenant-demo", "v", "", "10.0.0.0/16",
        [new VpcSubnet(Guid.Empty, "10.0.1.0/24")], Now, Now);

    [Fact]
    public void an_update_keeps_what_is_not_given_and_a_cidr_must_hold_the_subnets()
    {
        VpcRules.Update(AVpc(), null, null, null, Demo, Now).ShouldBeNull();
        VpcRules.Update(AVpc(), "w", null, "10.0.0.0/8", Demo, Now).ShouldBe(new VpcUpdated(AVpc().Id, "w", "", "10.0.0.0/8", "demo", Now));
        Refused(() => VpcRules.Update(AVpc(), null, null, "10.0.2.0/24", Demo, Now), RejectionKind.BadRequest, "VPC.0117");
        Refused(() => VpcRules.Update(AVpc(), "bad name", null, null, Demo, Now), RejectionKind.BadRequest, "VPC.0101");
    }

    [Fact]
    public void v3_words_v1s_refusals_in_its_own_codes()
    {
        Refused(() => VpcV3Rules.InV3Terms(() => VpcRules.Delete(AVpc(), Demo, Now)), RejectionKind.Conflict, "VPC.9902");
        Refused(() => VpcV3Rules.InV3Terms(() => VpcRules.Update(AVpc(), "bad name", null, null, Demo, Now)), RejectionKind.BadRequest, "VPC.9901");
    }

    [Fact]
    public void v3_lists_filter_on_any_of_each_filters_values_and_page_after_the_marker()
    {
        var vpcs = Enumerable.Range(1, 3).Select(i => AVpc() with { Id = Guid.Parse($"00000000-0000-7000-8000-00000000000{i}"), Name = $"n{i}" }).ToList();
        VpcV3Rules.Filter(vpcs, default, new StringValues(["n1", "n3"]), default, default).Select(v => v.Name).ShouldBe(["n1", "n3"]);
        var (page, more) = VpcV3Rules.PageOf(vpcs, 1, vpcs[0].Id);
        page.Select(v => v.Name).ShouldBe(["n2"]);
        more.ShouldBeTrue();
        Refused(() => VpcV3Rules.Page("2001", default), RejectionKind.BadRequest, "VPC.9901");
    }

    // ---- Ports and private IPs ----

    static Port APort(params string[] pairs) => new(Guid.NewGuid(), "tenant-demo", Guid.Empty, "fa:16:3e:00:00:01", [],
        PortAttributes.Defaults(true) with { AllowedAddressPairs = pairs.Select(p => new AllowedAddressPair(p, "fa:16:3e:00:00:01")).ToList() },
        null, Now, Now);

    [Theory]
    [InlineData("10.0.0.5", true)]
    [InlineData("10.0.0.5/32", true)]
    [InlineData("10.0.0.0/24", false)]
    [InlineData("1.1.1.1/0", false)]
    [InlineData("10.0.0.6", false)]
    public void a_pair_binds_a_private_ip_when_it_names_exactly_its_address(string pair, bool binds) =>
        PrivateIpUse.Names(pair, "10.0.0.5").ShouldBe(binds);

    [Fact]
    public void a_private_ip_a_port_names_is_in_use_by_it_and_cannot_be_released()
    {
        var ip = new PrivateIp(Guid.NewGuid(), "tenant-demo", Guid.Empty, Guid.Empty, "10.0.0.5", "", Now);
        var port = APort("1.1.1.1/0", "10.0.0.5");
        PrivateIpUse.PortUsing(ip.Address, [APort("10.0.0.6"), port]).ShouldBe(port);
        PrivateIpUse.AsUsed(ip, [port]).Status.ShouldBe("ACTIVE");
        PrivateIpUse.AsUsed(ip, [port]).DeviceOwner.ShouldBe("neutron:VIP_PORT");
        PrivateIpUse.AsUsed(ip, [APort("10.0.0.6")]).ShouldBe(ip);
        Refused(() => PrivateIpRules.Release(ip, port, Demo, Now), RejectionKind.Conflict, "VPC.0707").Message.ShouldContain(port.Id.ToString());
    }

    // ---- EIPs ----

    static readonly string[] Types = ["5_bgp"];

    [Fact]
    public void an_apply_needs_a_known_type_and_a_dedicated_bandwidth()
    {
        var request = PublicIpRules.Apply(new PublicIpBody("5_bgp", 4, "web", null), new BandwidthBody("bw", 10, null, "PER", null), null, Types);
        request.ShouldBe(new PublicIpRequest("5_bgp", null, "web", "bw", 10, "bandwidth"));
        Refused(() => PublicIpRules.Apply(new PublicIpBody("5_x", null, null, null), new BandwidthBody("bw", 10, null, "PER", null), null, Types),
            RejectionKind.BadRequest, "VPC.0501");
        Refused(() => PublicIpRules.Apply(new PublicIpBody("5_bgp", 6, null, null), new BandwidthBody("bw", 10, null, "PER", null), null, Types),
            RejectionKind.BadRequest, "VPC.0501");
        Refused(() => PublicIpRules.Apply(new PublicIpBody("5_bgp", null, null, null), new BandwidthBody("bw", 10, "x", "WHOLE", null), null, Types),
            RejectionKind.BadRequest, "VPC.0301");
        Refused(() => PublicIpRules.Apply(new PublicIpBody("5_bgp", null, null, null), new BandwidthBody("bw", 0, null, "PER", null), null, Types),
            RejectionKind.BadRequest, "VPC.0301");
        Refused(() => PublicIpRules.Apply(new PublicIpBody("5_bgp", null, null, null), new BandwidthBody("bw", 1, null, "PER", null), "ep", Types),
            RejectionKind.BadRequest, "VPC.0501");
    }

    [Fact]
    public void a_bound_eip_goes_to_another_port_only_after_an_unbind_and_is_released_only_unbound()
    {
        var port = Guid.NewGuid();
        var free = new PublicIp(Guid.NewGuid(), "tenant-demo", "default", "203.0.113.9", Now);
        var bound = free with { FixedIp = "10.0.0.5", PortId = port };
        PublicIpRules.NeedsBinding(free, port).ShouldBeTrue();
        PublicIpRules.NeedsBinding(bound, port).ShouldBeFalse();
        Refused(() => PublicIpRules.NeedsBinding(bound, Guid.NewGuid()), RejectionKind.Conflict, "VPC.0510");
        PublicIpRules.RefuseRelease(free).ShouldBeNull();
        PublicIpRules.RefuseRelease(bound)!.Code.ShouldBe("VPC.0517");
        free.BandwidthOrDefault.Size.ShouldBe(PublicIp.DefaultBandwidthSize);
        free.BandwidthId.ShouldBe(free.BandwidthId);
        (free with { Id = Guid.NewGuid() }).BandwidthId.ShouldNotBe(free.BandwidthId);
    }

    // ---- IP availability ----

    [Fact]
    public void availability_counts_every_address_of_a_subnet_however_many_and_what_is_held_in_each()
    {
        var v4 = new CloudNet.Networks.Subnet(Guid.NewGuid(), "v4", "10.0.0.0/28", 4, "10.0.0.1", Now);
        var v6 = new CloudNet.Networks.Subnet(Guid.NewGuid(), "v6", "2001:db8::/64", 6, "2001:db8::1", Now);
        var network = new CloudNet.Networks.Network(Guid.NewGuid(), Guid.NewGuid(), "tenant-demo", "n", [v4, v6], Now, Now);
        var json = System.Text.Json.Nodes.JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(
            CloudNet.Networks.IpAvailabilities.NetworkIpAvailabilityEndpoints.Json(network, [System.Net.IPAddress.Parse("10.0.0.5")])))!;
        json["subnet_ip_availability"]![0]!["total_ips"]!.GetValue<long>().ShouldBe(13);
        json["subnet_ip_availability"]![1]!["total_ips"]!.ToJsonString().ShouldBe("18446744073709551614");
        json["total_ips"]!.ToJsonString().ShouldBe("18446744073709551627");
        (json["used_ips"]!.GetValue<int>(), json["subnet_ip_availability"]![1]!["used_ips"]!.GetValue<int>()).ShouldBe((1, 0));
    }

    // ---- Paths ----

    [Theory]
    [InlineData("/v3/p1/vpc/vpcs", Errors.ApiFamily.VpcV3)]
    [InlineData("/v3/auth/tokens", Errors.ApiFamily.Identity)]
    [InlineData("/v3", Errors.ApiFamily.Identity)]
    [InlineData("/v2.0/p1/vpcs/x/tags", Errors.ApiFamily.Vpc)]
    [InlineData("/v2.0/p1/subnets/tags", Errors.ApiFamily.Vpc)]
    [InlineData("/v2.0/subnets/x/tags", Errors.ApiFamily.Networks)]
    [InlineData("/v2.0/network-ip-availabilities/x", Errors.ApiFamily.Networks)]
    public void huawei_paths_are_told_from_keystones_and_neutrons(string path, Errors.ApiFamily family)
    {
        var context = new DefaultHttpContext();
        context.Request.Path = path;
        ApiFamilies.Of(context).ShouldBe(family);
    }
}
