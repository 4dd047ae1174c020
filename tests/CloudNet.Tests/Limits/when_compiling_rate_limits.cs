using CloudNet.Compute.Limits;
using CloudNet.Errors;
using CloudNet.Errors.Formats;

namespace CloudNet.Tests.Limits;

/// <summary>Rules, windows and the over-limit fault, without a host.</summary>
public class when_compiling_rate_limits
{
    static RateLimitRule Rule(string verb, string uri, int value = 4, string unit = "MINUTE", string? regex = null) =>
        RateLimitRule.From(new RateLimitOptions { Verb = verb, Uri = uri, Value = value, Unit = unit, Regex = regex });

    [Theory]
    [InlineData("*", ".*")]
    [InlineData("/servers/{id}/os-virtual-interfacesv2", "^/servers/[^/]+/os-virtual-interfacesv2")]
    [InlineData("/os-networksv2", "^/os-networksv2")]
    [InlineData("*changes-since*", "^.*changes-since.*")]
    public void a_uri_without_regex_gets_rackspaces_regex(string uri, string regex) => Rule("GET", uri).Regex.ShouldBe(regex);

    [Theory]
    [InlineData("POST", "/servers/abc/os-virtual-interfacesv2", true)]
    [InlineData("post", "/servers/abc/os-virtual-interfacesv2/def", true)]
    [InlineData("GET", "/servers/abc/os-virtual-interfacesv2", false)]
    [InlineData("POST", "/servers/abc/ip_associations", false)]
    [InlineData("POST", "/os-virtual-interfacesv2", false)]
    public void a_rule_matches_verb_and_path(string method, string path, bool matches) =>
        Rule("POST", "/servers/{id}/os-virtual-interfacesv2").Matches(method, path).ShouldBe(matches);

    [Theory]
    [InlineData("MINUTE", "2030-05-06T07:08:00Z", "2030-05-06T07:09:00Z")]
    [InlineData("hour", "2030-05-06T07:00:00Z", "2030-05-06T08:00:00Z")]
    [InlineData("DAY", "2030-05-06T00:00:00Z", "2030-05-07T00:00:00Z")]
    public void windows_are_aligned_to_the_unit_in_utc(string unit, string start, string end)
    {
        // 09:08:09.5 at +02:00 is 07:08:09.5 UTC.
        var window = Rule("GET", "*", unit: unit).WindowAt(new DateTimeOffset(2030, 5, 6, 9, 8, 9, 500, TimeSpan.FromHours(2)));
        window.Start.ShouldBe(DateTimeOffset.Parse(start));
        window.End.ShouldBe(DateTimeOffset.Parse(end));
    }

    [Fact]
    public void retry_after_rounds_up_and_is_never_zero()
    {
        var window = Rule("GET", "*").WindowAt(new DateTimeOffset(2030, 1, 1, 0, 0, 10, 200, TimeSpan.Zero));
        window.SecondsLeft(new DateTimeOffset(2030, 1, 1, 0, 0, 10, 200, TimeSpan.Zero)).ShouldBe(50);
        window.SecondsLeft(window.End.AddMilliseconds(-1)).ShouldBe(1);
        window.SecondsLeft(window.End).ShouldBe(1);
    }

    [Fact]
    public void the_unit_is_part_of_the_counter_key()
    {
        Rule("POST", "*", unit: "MINUTE").Key.ShouldNotBe(Rule("POST", "*", unit: "DAY").Key);
    }

    [Fact]
    public void bad_rules_stop_the_service_with_the_key_to_fix()
    {
        var options = new LimitsOptions
        {
            Rates =
            [
                new RateLimitOptions { Verb = "GET", Uri = "*", Value = 0, Unit = "WEEK" },
                new RateLimitOptions { Verb = "", Uri = "/x", Value = 1, Regex = "([" },
            ],
        };
        var result = new LimitsOptionsValidation().Validate(null, options);
        result.Failed.ShouldBeTrue();
        result.Failures!.ShouldBe([
            "Limits:Rates:0:Value must be at least 1.", "Limits:Rates:0:Unit must be MINUTE, HOUR or DAY.",
            "Limits:Rates:1:Verb is required (GET, POST, PUT, DELETE).", "Limits:Rates:1:Regex is not a valid regular expression.",
        ]);
    }

    [Fact]
    public void the_same_rule_twice_is_refused()
    {
        var options = new LimitsOptions
        {
            Rates = [new RateLimitOptions { Verb = "GET", Uri = "*", Value = 5 }, new RateLimitOptions { Verb = "get", Uri = "*", Value = 9 }],
        };
        new LimitsOptionsValidation().Validate(null, options).Failures!.Single().ShouldContain("more than once");
        new LimitsOptionsValidation().Validate(null, new LimitsOptions()).Succeeded.ShouldBeTrue();
    }

    [Fact]
    public void the_over_limit_fault_carries_nova_and_rackspace_retry_fields()
    {
        var error = new ApiError(413, "This request was rate-limited.", RetryAfterSeconds: 50,
            Details: "Only 4 POST request(s) can be made to * every minute.", RetryAt: new DateTimeOffset(2030, 1, 1, 2, 1, 0, TimeSpan.FromHours(2)));

        NovaFault.Body(error).ToJsonString().ShouldBe(
            """{"overLimit":{"code":413,"message":"This request was rate-limited.","details":"Only 4 POST request(s) can be made to * every minute.","retryAfter":"50","retryAt":"2030-01-01T00:01:00Z"}}""");
    }
}
