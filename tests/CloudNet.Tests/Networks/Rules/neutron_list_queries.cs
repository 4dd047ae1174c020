using System.Text.Json.Nodes;
using CloudNet.Errors;
using CloudNet.Networks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace CloudNet.Tests.Networks.Rules;

/// <summary>Pure: <see cref="NeutronListQuery"/> over JSON bodies, as every <c>/v2.0</c> list applies it.</summary>
public class neutron_list_queries
{
    static readonly List<string> Ids = Enumerable.Range(1, 7).Select(i => $"00000000-0000-7000-8000-00000000000{i}").ToList();

    static readonly JsonObject[] Items = Ids.Select((id, i) => new JsonObject
    {
        ["id"] = id,
        ["name"] = i % 2 == 0 ? "even" : "odd",
        ["mtu"] = 1500 - i,
        ["shared"] = i < 2,
        ["gateway_ip"] = i == 0 ? null : $"10.0.{i}.1",
        ["tags"] = new JsonArray(i % 3 == 0 ? ["x"] : Array.Empty<JsonNode?>()),
        ["fixed_ips"] = new JsonArray(new JsonObject { ["subnet_id"] = $"s{i % 2}", ["ip_address"] = $"10.0.0.{i}" }),
    }).ToArray();

    static NeutronListPage Page(string query) =>
        NeutronListQuery.Parse(QueryHelpers.ParseQuery(query)).Apply(Items.Select(i => (JsonObject)i.DeepClone()).ToList(), "NotFound", "Thing");

    static List<string> IdsOf(NeutronListPage page) => page.Items.Select(i => i["id"]!.ToString()).ToList();

    [Fact]
    public void without_parameters_everything_comes_back_by_id_and_without_links()
    {
        var page = Page("");
        IdsOf(page).ShouldBe(Ids);
        NeutronListQuery.Links(page, "http://h/v2.0/things", new QueryCollection()).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("?name=odd", new[] { 1, 3, 5 })]
    [InlineData("?name=odd&name=even", new[] { 0, 1, 2, 3, 4, 5, 6 })]
    [InlineData("?name=odd&mtu=1499", new[] { 1 })]
    [InlineData("?shared=True", new[] { 0, 1 })]
    [InlineData("?shared=0", new[] { 2, 3, 4, 5, 6 })]
    [InlineData("?gateway_ip=", new[] { 0 })]
    [InlineData("?fixed_ips=subnet_id=s1", new[] { 1, 3, 5 })]
    [InlineData("?fixed_ips=subnet_id=s1&fixed_ips=ip_address=10.0.0.3", new[] { 3 })]
    [InlineData("?tags=x", new[] { 0, 3, 6 })]
    [InlineData("?not-tags-any=x", new[] { 1, 2, 4, 5 })]
    [InlineData("?unknown=1", new[] { 0, 1, 2, 3, 4, 5, 6 })]
    public void filters_match_any_attribute(string query, int[] expected) => IdsOf(Page(query)).ShouldBe(expected.Select(i => Ids[i]));

    [Fact]
    public void sort_keys_order_the_list_and_id_breaks_ties()
    {
        IdsOf(Page("?sort_key=mtu")).ShouldBe(Enumerable.Reverse(Ids));
        IdsOf(Page("?sort_key=name&sort_dir=desc")).ShouldBe([Ids[1], Ids[3], Ids[5], Ids[0], Ids[2], Ids[4], Ids[6]]);
    }

    [Fact]
    public void a_limit_and_a_marker_walk_forward_and_back_in_the_sort_order()
    {
        var first = Page("?limit=3");
        IdsOf(first).ShouldBe(Ids.Take(3));
        (first.MoreAfter, first.MoreBefore).ShouldBe((true, false));
        var second = Page($"?limit=3&marker={Ids[2]}");
        IdsOf(second).ShouldBe(Ids.Skip(3).Take(3));
        (second.MoreAfter, second.MoreBefore).ShouldBe((true, true));
        IdsOf(Page($"?limit=3&marker={Ids[3]}&page_reverse=True")).ShouldBe(Ids.Take(3));
        IdsOf(Page($"?limit=2&sort_key=mtu&marker={Ids[5]}")).ShouldBe([Ids[4], Ids[3]]);
        IdsOf(Page($"?limit=2&marker=00000000-0000-7000-8000-0000000000ff")).ShouldBeEmpty("a marker past the end");
    }

    [Fact]
    public void links_keep_the_other_parameters()
    {
        var query = QueryHelpers.ParseQuery($"?name=odd&limit=1&marker={Ids[1]}");
        var page = NeutronListQuery.Parse(query).Apply(Items.ToList(), "NotFound", "Thing");
        var links = NeutronListQuery.Links(page, "http://h/v2.0/things", query).Select(l => l!.ToJsonString()).ToList();
        links.Count.ShouldBe(2);
        links[0].ShouldContain("\"rel\":\"next\"");
        links[0].ShouldContain($"marker={Ids[3]}");
        links[0].ShouldContain("name=odd");
        links[1].ShouldContain("\"rel\":\"previous\"");
        links[1].ShouldContain("page_reverse=True");
    }

    [Fact]
    public void fields_keep_only_the_attributes_asked_for() =>
        Page("?fields=id&fields=mtu").Items[0].Select(p => p.Key).ShouldBe(["id", "mtu"]);

    [Theory]
    [InlineData("?limit=-1")]
    [InlineData("?limit=x")]
    [InlineData("?sort_key=name&sort_dir=sideways")]
    [InlineData("?sort_key=nope")]
    [InlineData("?sort_key=a&sort_key=b&sort_dir=asc")]
    [InlineData("?marker=not-an-id")]
    public void a_bad_list_parameter_is_400(string query) =>
        Should.Throw<Rejection>(() => Page(query)).Kind.ShouldBe(RejectionKind.BadRequest);

    [Fact]
    public void an_unknown_marker_with_a_sort_key_is_404() =>
        Should.Throw<Rejection>(() => Page($"?sort_key=mtu&marker={Guid.NewGuid()}")).Kind.ShouldBe(RejectionKind.NotFound);

    [Fact]
    public void limit_zero_is_no_limit() => IdsOf(Page("?limit=0")).ShouldBe(Ids);
}
