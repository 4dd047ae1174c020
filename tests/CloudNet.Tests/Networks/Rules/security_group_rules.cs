using System.Text.Json;
using CloudNet.Errors;
using CloudNet.Identity;
using CloudNet.Networks.SecurityGroups;

namespace CloudNet.Tests.Networks.Rules;

/// <summary>Pure: <see cref="RuleValidation"/> and <see cref="SecurityGroupPolicy"/>, Neutron's rules for security groups.</summary>
public class security_group_rules
{
    static readonly Caller Demo = new("u-demo", "demo", "tenant-demo");
    static readonly Caller Admin = new("u-admin", "admin", "tenant-demo", IsAdmin: true);
    static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    static readonly Guid Group = Guid.Parse("0193a1b2-0000-7000-8000-00000000a001");

    static RuleRequest Rule(string? protocol = null, int? min = null, int? max = null, string ethertype = "IPv4", string? prefix = null,
        Guid? remote = null) => new(Group, "ingress", ethertype, protocol, min, max, prefix, remote, "");

    static string Code(Action action) => Should.Throw<Rejection>(action).Code!;

    static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    [Theory]
    [InlineData("\"TCP\"", "tcp")]
    [InlineData("6", "6")]
    [InlineData("\"17\"", "17")]
    [InlineData("\"any\"", null)]
    [InlineData("null", null)]
    [InlineData("\"icmpv6\"", "icmpv6")]
    public void a_protocol_is_a_known_name_or_a_number_up_to_255(string given, string? kept) => RuleValidation.Protocol(Json(given)).ShouldBe(kept);

    [Theory]
    [InlineData("\"bogus\"")]
    [InlineData("256")]
    [InlineData("-1")]
    [InlineData("true")]
    public void any_other_protocol_is_refused(string given) =>
        Code(() => RuleValidation.Protocol(Json(given))).ShouldBe("SecurityGroupRuleInvalidProtocol");

    [Theory]
    [InlineData("\"ipv4\"", "IPv4")]
    [InlineData("\"IPV6\"", "IPv6")]
    public void the_ethertype_is_read_in_any_case(string given, string kept) =>
        RuleValidation.Ethertype(JsonSerializer.Deserialize<string>(given)).ShouldBe(kept);

    [Fact]
    public void ports_are_for_the_protocols_that_have_them()
    {
        RuleValidation.Canonical(Rule("udplite", 5, 6)).PortRangeMin.ShouldBe(5);
        Code(() => RuleValidation.Canonical(Rule("gre", 1, 2))).ShouldBe("SecurityGroupInvalidProtocolForPort");
        Code(() => RuleValidation.Canonical(Rule(null, 1, 2))).ShouldBe("SecurityGroupProtocolRequiredWithPorts");
        Code(() => RuleValidation.Canonical(Rule("tcp", 9, 8))).ShouldBe("SecurityGroupInvalidPortRange");
        Code(() => RuleValidation.Canonical(Rule("tcp", 0, 8))).ShouldBe("SecurityGroupInvalidPortValue");
        Code(() => RuleValidation.Canonical(Rule("tcp", 8, null))).ShouldBe("SecurityGroupInvalidPortRange");
    }

    [Fact]
    public void icmp_ports_are_a_type_and_a_code()
    {
        var echo = RuleValidation.Canonical(Rule("icmp", 8, 0));
        (echo.PortRangeMin, echo.PortRangeMax).ShouldBe((8, 0));
        Code(() => RuleValidation.Canonical(Rule("1", 256))).ShouldBe("SecurityGroupInvalidIcmpValue");
        Code(() => RuleValidation.Canonical(Rule("icmp", null, 3))).ShouldBe("SecurityGroupMissingIcmpType");
    }

    [Fact]
    public void ipv6_icmp_is_named_as_neutron_names_it_and_every_port_is_no_range()
    {
        RuleValidation.Canonical(Rule("icmp", ethertype: "IPv6")).Protocol.ShouldBe("ipv6-icmp");
        RuleValidation.Canonical(Rule("1", ethertype: "IPv6")).Protocol.ShouldBe("58");
        var all = RuleValidation.Canonical(Rule("tcp", 1, 65535));
        (all.PortRangeMin, all.PortRangeMax).ShouldBe((null, null));
        Code(() => RuleValidation.Canonical(Rule("ipv6-icmp"))).ShouldBe("SecurityGroupEthertypeConflictWithProtocol");
        Code(() => RuleValidation.Canonical(Rule("58"))).ShouldBe("SecurityGroupEthertypeConflictWithProtocol");
    }

    [Theory]
    [InlineData("10.0.0.5", "IPv4", "10.0.0.5/32", "10.0.0.5/32")]
    [InlineData("10.0.0.5/24", "IPv4", "10.0.0.5/24", "10.0.0.0/24")]
    [InlineData("2001:DB8::1/64", "IPv6", "2001:db8::1/64", "2001:db8::/64")]
    public void a_remote_prefix_keeps_its_address_with_a_length(string given, string ethertype, string kept, string normalized)
    {
        var rule = RuleValidation.Canonical(Rule(prefix: given, ethertype: ethertype));
        rule.RemoteIpPrefix.ShouldBe(kept);
        RuleValidation.NormalizedCidr(rule.RemoteIpPrefix).ShouldBe(normalized);
    }

    [Theory]
    [InlineData("10.0.0.0/8", "IPv6", "SecurityGroupRuleParameterConflict")]
    [InlineData("10.0.0.0/40", "IPv4", "InvalidCIDR")]
    [InlineData("ten", "IPv4", "InvalidCIDR")]
    public void a_bad_remote_prefix_is_refused(string given, string ethertype, string code) =>
        Code(() => RuleValidation.Canonical(Rule(prefix: given, ethertype: ethertype))).ShouldBe(code);

    [Fact]
    public void a_rule_is_the_same_by_protocol_name_or_number_and_with_any_prefix_or_none()
    {
        RuleValidation.Key(RuleValidation.Canonical(Rule("tcp", 22, 22, prefix: "0.0.0.0/0")))
            .ShouldBe(RuleValidation.Key(RuleValidation.Canonical(Rule("6", 22, 22))));
        RuleValidation.Key(RuleValidation.Canonical(Rule("tcp", 22, 22, prefix: "10.0.0.1/24")))
            .ShouldBe(RuleValidation.Key(RuleValidation.Canonical(Rule("tcp", 22, 22, prefix: "10.0.0.9/24"))));
        RuleValidation.Key(RuleValidation.Canonical(Rule("tcp", 22, 22))).ShouldNotBe(RuleValidation.Key(RuleValidation.Canonical(Rule("udp", 22, 22))));
    }

    [Fact]
    public void a_new_group_has_the_egress_rules_and_the_default_one_lets_its_members_in()
    {
        var group = SecurityGroup.Create(SecurityGroupPolicy.Create(Group, "web", null, null, Demo, Now));
        group.Rules.Select(r => (r.Direction, r.Ethertype, r.RemoteGroupId)).ShouldBe([("egress", "IPv4", (Guid?)null), ("egress", "IPv6", null)]);
        (group.Stateful, group.IsDefault, group.Description).ShouldBe((true, false, ""));

        var ours = SecurityGroup.Create(SecurityGroupPolicy.CreateDefault("tenant-demo", Demo, Now));
        ours.Id.ShouldBe(SecurityGroup.DefaultIdOf("tenant-demo"));
        ours.Rules.Where(r => r.Direction == "ingress").Select(r => (r.Ethertype, r.RemoteGroupId)).ShouldBe([("IPv4", (Guid?)ours.Id), ("IPv6", ours.Id)]);
        SecurityGroup.DefaultIdOf("tenant-other").ShouldNotBe(ours.Id);
    }

    [Fact]
    public void the_default_group_keeps_its_name_and_stays_and_no_other_takes_the_name()
    {
        var ours = SecurityGroup.Create(SecurityGroupPolicy.CreateDefault("tenant-demo", Demo, Now));
        var web = SecurityGroup.Create(SecurityGroupPolicy.Create(Group, "web", null, null, Demo, Now));

        Code(() => SecurityGroupPolicy.Create(Guid.NewGuid(), "DEFAULT", null, null, Demo, Now)).ShouldBe("SecurityGroupDefaultAlreadyExists");
        Code(() => SecurityGroupPolicy.Update(ours, "default", null, null, false, Demo, Now)).ShouldBe("SecurityGroupCannotUpdateDefault");
        Code(() => SecurityGroupPolicy.Update(web, "default", null, null, false, Demo, Now)).ShouldBe("SecurityGroupDefaultAlreadyExists");
        Code(() => SecurityGroupPolicy.Delete(ours, false, Demo, Now)).ShouldBe("SecurityGroupCannotRemoveDefault");
        SecurityGroupPolicy.Delete(ours, false, Admin, Now).SecurityGroupId.ShouldBe(ours.Id);
        Code(() => SecurityGroupPolicy.Delete(web, true, Demo, Now)).ShouldBe("SecurityGroupInUse");
        Code(() => SecurityGroupPolicy.Update(web, null, null, false, true, Demo, Now)).ShouldBe("SecurityGroupInUse");
        SecurityGroupPolicy.Update(web, null, "only the description", null, true, Demo, Now)!.Description.ShouldBe("only the description");
        SecurityGroupPolicy.Update(web, "web", "", true, false, Demo, Now).ShouldBeNull("nothing changes");
    }

    [Fact]
    public void a_rule_the_group_has_already_is_refused_with_its_id()
    {
        var web = SecurityGroup.Create(SecurityGroupPolicy.Create(Group, "web", null, null, Demo, Now));
        var added = SecurityGroupPolicy.AddRule(web, Guid.NewGuid(), Rule("tcp", 22, 22), Demo, Now);
        var withSsh = web.Apply(added);

        Should.Throw<Rejection>(() => SecurityGroupPolicy.AddRule(withSsh, Guid.NewGuid(), Rule("6", 22, 22, prefix: "0.0.0.0/0"), Demo, Now))
            .Message.ShouldBe($"Security group rule already exists. Rule id is {added.Rule.Id}.");
        Code(() => SecurityGroupPolicy.AddRule(web, Guid.NewGuid(), Rule(null, ethertype: "IPv4") with { Direction = "egress" }, Demo, Now))
            .ShouldBe("SecurityGroupRuleExists");
    }
}
