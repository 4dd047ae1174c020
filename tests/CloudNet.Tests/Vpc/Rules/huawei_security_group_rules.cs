using System.Text.Json;
using CloudNet.Errors;
using CloudNet.Networks.SecurityGroups;
using CloudNet.Vpc.SecurityGroups;

namespace CloudNet.Tests.Vpc.Rules;

/// <summary>Pure: how Huawei's security group routes read their requests and word Neutron's refusals. No host, no database.</summary>
public class huawei_security_group_rules
{
    static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    static Rejection Refused(Action act, RejectionKind kind, string code)
    {
        var rejection = Should.Throw<Rejection>(act);
        rejection.Kind.ShouldBe(kind);
        rejection.Code.ShouldBe(code);
        return rejection;
    }

    [Theory]
    [InlineData(null, null, null)]
    [InlineData("", null, null)]
    [InlineData("80", 80, 80)]
    [InlineData("22-30", 22, 30)]
    [InlineData("0-65535", 0, 65535)]
    public void a_multiport_is_one_port_or_one_range(string? multiport, int? min, int? max) =>
        HuaweiRuleRequest.Multiport(multiport).ShouldBe((min, max));

    [Theory]
    [InlineData("22,80")]
    [InlineData("1-2-3")]
    [InlineData("65536")]
    [InlineData("ssh")]
    [InlineData("-1")]
    public void any_other_multiport_is_refused(string multiport) =>
        Refused(() => HuaweiRuleRequest.Multiport(multiport), RejectionKind.BadRequest, "VPC.0601");

    [Theory]
    [InlineData("null", 1)]
    [InlineData("\"5\"", 5)]
    [InlineData("100", 100)]
    public void a_priority_is_1_to_100_as_text_or_number_and_1_by_default(string json, int priority) =>
        HuaweiRuleRequest.Priority(Json(json)).ShouldBe(priority);

    [Theory]
    [InlineData("0")]
    [InlineData("\"101\"")]
    [InlineData("true")]
    public void any_other_priority_is_refused(string json) =>
        Refused(() => HuaweiRuleRequest.Priority(Json(json)), RejectionKind.BadRequest, "VPC.0601");

    [Fact]
    public void a_v3_rule_is_a_neutron_rule_request_with_its_priority()
    {
        var group = Guid.NewGuid();
        var rule = HuaweiRuleRequest.V3(Json($$$"""{"security_group_id":"{{{group}}}","direction":"egress","protocol":"TCP","multiport":"443","priority":7}"""));
        rule.ShouldBe(new RuleRequest(group, "egress", "IPv4", "tcp", 443, 443, null, null, "") { Priority = 7 });
    }

    [Theory]
    [InlineData("\"action\":\"deny\"")]
    [InlineData("\"enabled\":false")]
    [InlineData("\"remote_address_group_id\":\"x\"")]
    public void what_neutron_cannot_hold_is_refused(string field) =>
        Refused(() => HuaweiRuleRequest.V3(Json($$$"""{"security_group_id":"{{{Guid.NewGuid()}}}","direction":"ingress",{{{field}}}}""")),
            RejectionKind.BadRequest, "VPC.0601");

    [Theory]
    [InlineData("web-1.a_b")]
    [InlineData("安全组")]
    public void a_name_is_letters_digits_and_some_marks(string name) => HuaweiSecurityGroupRules.Name(name).ShouldBe(name);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("a b")]
    [InlineData("a/b")]
    public void any_other_name_is_refused(string? name) =>
        Refused(() => HuaweiSecurityGroupRules.Name(name), RejectionKind.BadRequest, "VPC.0601");

    [Fact]
    public void a_name_holds_64_characters_at_most()
    {
        HuaweiSecurityGroupRules.Name(new string('a', 64)).Length.ShouldBe(64);
        Refused(() => HuaweiSecurityGroupRules.Name(new string('a', 65)), RejectionKind.BadRequest, "VPC.0601");
    }

    [Theory]
    [InlineData(RejectionKind.BadRequest, "SecurityGroupInvalidPortRange", "VPC.0601", "VPC.9901")]
    [InlineData(RejectionKind.Conflict, "SecurityGroupRuleExists", "VPC.0602", "VPC.9902")]
    [InlineData(RejectionKind.NotFound, "SecurityGroupNotFound", "VPC.0603", "VPC.9904")]
    [InlineData(RejectionKind.NotFound, "SecurityGroupRuleNotFound", "VPC.0604", "VPC.9904")]
    public async Task neutrons_refusals_keep_their_message_and_take_each_apis_code(RejectionKind kind, string neutron, string v1, string v3)
    {
        Task<int> Refuse() => throw new Rejection(kind, "why", neutron);
        var inV1 = await Should.ThrowAsync<Rejection>(() => HuaweiSecurityGroupErrors.InV1Terms(Refuse));
        (inV1.Kind, inV1.Message, inV1.Code).ShouldBe((kind, "why", v1));
        var inV3 = await Should.ThrowAsync<Rejection>(() => HuaweiSecurityGroupErrors.InV3Terms(Refuse));
        (inV3.Kind, inV3.Message, inV3.Code).ShouldBe((kind, "why", v3));
    }

    [Fact]
    public void only_the_default_enterprise_project_exists_and_a_list_may_ask_for_all()
    {
        HuaweiSecurityGroupRules.EnterpriseProject(null);
        HuaweiSecurityGroupRules.EnterpriseProject("0");
        HuaweiSecurityGroupRules.EnterpriseProject("all_granted_eps", listing: true);
        Refused(() => HuaweiSecurityGroupRules.EnterpriseProject("all_granted_eps"), RejectionKind.BadRequest, "VPC.0601");
        Refused(() => HuaweiSecurityGroupRules.EnterpriseProject("1234"), RejectionKind.BadRequest, "VPC.0601");
    }
}
