using CloudNet.Errors;
using CloudNet.Networks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace CloudNet.Tests.Networks.Rules;

public class neutron_paging
{
    static readonly List<Guid> Ids = Enumerable.Range(1, 7).Select(i => Guid.Parse($"00000000-0000-7000-8000-00000000000{i}")).ToList();

    static NeutronPage<Guid> Page(string? limit, string? marker = null, string? reverse = null) =>
        NeutronPage.Of(Ids, id => id, limit, marker, reverse);

    [Fact]
    public void without_a_limit_everything_comes_back_and_no_links()
    {
        var page = Page(null);
        page.Items.ShouldBe(Ids);
        NeutronPage.Links(page, "http://h/v2.0/ip_addresses", new QueryCollection()).ShouldBeEmpty();
    }

    [Fact]
    public void a_limit_and_a_marker_walk_forward_and_back()
    {
        var first = Page("3");
        first.Items.ShouldBe(Ids.Take(3));
        (first.MoreAfter, first.MoreBefore).ShouldBe((true, false));

        var second = Page("3", Ids[2].ToString());
        second.Items.ShouldBe(Ids.Skip(3).Take(3));
        (second.MoreAfter, second.MoreBefore).ShouldBe((true, true));

        var last = Page("3", Ids[5].ToString());
        last.Items.ShouldBe([Ids[6]]);
        last.MoreAfter.ShouldBeFalse();

        Page("3", Ids[3].ToString(), "True").Items.ShouldBe(Ids.Take(3));
        Page("3", Ids[6].ToString() + "", "true").Items.ShouldBe(Ids.Skip(3).Take(3));
    }

    [Fact]
    public void a_marker_past_the_end_gives_an_empty_page()
    {
        Page("2", "00000000-0000-7000-8000-0000000000ff").Items.ShouldBeEmpty();
    }

    [Fact]
    public void links_keep_the_filters_and_name_next_and_previous()
    {
        var page = Page("2", Ids[1].ToString());
        var query = new QueryCollection(new Dictionary<string, StringValues> { ["network_id"] = "n", ["limit"] = "2", ["marker"] = Ids[1].ToString() });
        var links = NeutronPage.Links(page, "http://h/v2.0/ip_addresses", query).Select(l => System.Text.Json.JsonSerializer.Serialize(l)).ToList();
        links.Count.ShouldBe(2);
        links[0].ShouldContain("\"rel\":\"next\"");
        links[0].ShouldContain($"marker={Ids[3]}");
        links[0].ShouldContain("network_id=n");
        links[1].ShouldContain("\"rel\":\"previous\"");
        links[1].ShouldContain($"marker={Ids[2]}");
        links[1].ShouldContain("page_reverse=True");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("x")]
    public void a_bad_limit_is_400(string limit) => Should.Throw<Rejection>(() => Page(limit)).Kind.ShouldBe(RejectionKind.BadRequest);

    [Fact]
    public void the_limit_is_capped_at_100()
    {
        var many = Enumerable.Range(0, 150).Select(_ => Guid.CreateVersion7()).Order().ToList();
        NeutronPage.Of(many, id => id, "500", null, null).Items.Count.ShouldBe(100);
    }
}
