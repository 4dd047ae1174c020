using System.Text.Json.Nodes;
using CloudNet.Admin.Recordings.Replaying;

namespace CloudNet.Tests.Admin.Recordings.Rules;

/// <summary>What a replay maps and what it forgives: ids are mapped, names never; timestamps, links and request ids are masked.</summary>
public class replay_comparison_rules
{
    [Theory]
    [InlineData("01a252ed-3cc1-775f-ac10-d085b9d2f53f", true)]
    [InlineData("d5b6779568864f33aef38d70fe5b3e4d", true)]
    [InlineData("203.0.113.2", true)]
    [InlineData("10.9.0.0/24", true)]
    [InlineData("fe80::1", true)]
    [InlineData("fa:16:3e:00:00:02", true)]
    [InlineData("t-d5b677956886", true)]
    [InlineData("renamed", false)]
    [InlineData("ACTIVE", false)]
    [InlineData("1.2", false)]
    public void only_values_that_look_like_ids_are_mapped(string value, bool id) => IdMap.IsId(value).ShouldBe(id);

    [Fact]
    public void learning_maps_ids_side_by_side_and_never_a_differing_name()
    {
        var map = new IdMap();
        map.Learn(JsonNode.Parse("""{"port":{"id":"01a252ed-3cc1-775f-ac10-d085b9d2f53f","name":"a","fixed_ips":[{"ip_address":"10.0.0.1"}]}}"""),
            JsonNode.Parse("""{"port":{"id":"01a252ed-3e8e-7d96-8371-bb266478f03f","name":"b","fixed_ips":[{"ip_address":"10.0.0.2"}]}}"""));

        map.Entries.ShouldBe(new Dictionary<string, string>
        {
            ["01a252ed-3cc1-775f-ac10-d085b9d2f53f"] = "01a252ed-3e8e-7d96-8371-bb266478f03f",
            ["10.0.0.1"] = "10.0.0.2",
        });
    }

    [Fact]
    public void paths_are_mapped_segment_by_segment_and_an_address_only_whole()
    {
        var map = new IdMap();
        map.Add("7a3c5e0f9b2d4c6e8f1a3b5c7d9e0f12", "0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f");
        map.Add("10.0.0.1", "10.0.0.7");

        map.ApplyToPath("/v1/7a3c5e0f9b2d4c6e8f1a3b5c7d9e0f12/ips/10.0.0.1").ShouldBe("/v1/0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f/ips/10.0.0.7");
        map.ApplyToPath("/ips/10.0.0.10").ShouldBe("/ips/10.0.0.10");
        map.ApplyToQuery("?tenant_id=7a3c5e0f9b2d4c6e8f1a3b5c7d9e0f12&limit=1").ShouldBe("?tenant_id=0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f&limit=1");
        map.Apply("project 7a3c5e0f9b2d4c6e8f1a3b5c7d9e0f12 is full").ShouldBe("project 0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f is full");
    }

    [Fact]
    public void timestamps_links_request_ids_and_secrets_compare_alike_and_nothing_else_does()
    {
        var recorded = Comparable.Of(JsonNode.Parse("""
            {"created":"2026-12-07T23:10:07Z","updated_at":"2026-12-07 23:10:07.123456+00:00","links":[{"href":"http://127.0.0.1:5080/v2.0/ports/x"}],
             "request_id":"req-1","token":{"id":"REDACTED","audit_ids":["a"]},"name":"a"}
            """));
        var replayed = Comparable.Of(JsonNode.Parse("""
            {"created":"2026-12-08T01:00:00Z","updated_at":"2026-12-08 01:00:00.5+00:00","links":[{"href":"http://127.0.0.1:6000/v2.0/ports/x"}],
             "request_id":"req-2","token":{"id":"gAAAA-new-token","audit_ids":["b"]},"name":"a"}
            """));
        JsonNode.DeepEquals(recorded, replayed).ShouldBeTrue();

        var renamed = Comparable.Of(JsonNode.Parse("""{"name":"b"}"""));
        JsonNode.DeepEquals(Comparable.Of(JsonNode.Parse("""{"name":"a"}""")), renamed).ShouldBeFalse();
    }
}
