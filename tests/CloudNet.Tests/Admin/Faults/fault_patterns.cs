using CloudNet.Admin.Faults;

namespace CloudNet.Tests.Admin.Faults;

/// <summary>Path patterns and regular expressions, on the path as sent and the path without a compute prefix.</summary>
public class fault_patterns
{
    [Theory]
    [InlineData("/os-floating-ips", "/os-floating-ips", "/os-floating-ips", true)]
    [InlineData("/os-floating-ips", "/os-floating-ips/", "/os-floating-ips/", true)]
    [InlineData("/os-floating-ips", "/OS-Floating-IPs", "/OS-Floating-IPs", true)]
    [InlineData("/os-floating-ips", "/os-floating-ips/1.2.3.4", "/os-floating-ips/1.2.3.4", false)]
    [InlineData("/os-floating-ips", "/os-floating-ip-pools", "/os-floating-ip-pools", false)]
    [InlineData("/os-floating-ips", "/v2/t1/os-floating-ips", "/os-floating-ips", true)]
    [InlineData("/v2/*/os-floating-ips", "/v2/t1/os-floating-ips", "/os-floating-ips", true)]
    [InlineData("/v2/*/os-floating-ips", "/os-floating-ips", "/os-floating-ips", false)]
    [InlineData("/v2.0/floatingips/*", "/v2.0/floatingips/abc", "/v2.0/floatingips/abc", true)]
    [InlineData("/v2.0/floatingips/*", "/v2.0/floatingips", "/v2.0/floatingips", false)]
    [InlineData("/v2.0/floatingips/*", "/v2.0/floatingips/abc/def", "/v2.0/floatingips/abc/def", false)]
    [InlineData("/v2.0/floatingips/*", "/v2x0/floatingips/abc", "/v2x0/floatingips/abc", false)]
    [InlineData("/servers/{id}/action", "/servers/42/action", "/servers/42/action", true)]
    [InlineData("/servers/{id}/action", "/servers//action", "/servers//action", false)]
    [InlineData("/v2.0/**", "/v2.0", "/v2.0", true)]
    [InlineData("/v2.0/**", "/v2.0/ports/1/x", "/v2.0/ports/1/x", true)]
    [InlineData("/v2.0/**", "/v2.01/ports", "/v2.01/ports", false)]
    [InlineData("/servers/**/action", "/servers/1/action", "/servers/1/action", true)]
    [InlineData("*", "/anything/at/all", "/anything/at/all", true)]
    [InlineData("**", "/", "/", true)]
    [InlineData("^/servers/[0-9]+$", "/servers/42", "/servers/42", true)]
    [InlineData("^/servers/[0-9]+$", "/servers/abc", "/servers/abc", false)]
    [InlineData("^/servers/[0-9]+$", "/v2/t1/servers/42", "/servers/42", true)]
    [InlineData("^/Servers", "/servers", "/servers", false)]
    [InlineData("^(?i)/Servers", "/servers", "/servers", true)]
    [InlineData("^/v1/[^/]+/privateips", "/v1/p1/privateips/x", "/v1/p1/privateips/x", true)]
    public void a_pattern_matches_the_path_as_sent_or_without_the_compute_prefix(string pattern, string sent, string route, bool matches)
    {
        FaultPattern.Problem(pattern).ShouldBeNull();
        FaultPattern.Parse(pattern).Matches(sent, route).ShouldBe(matches);
    }

    [Theory]
    [InlineData("")]
    [InlineData("os-floating-ips")]
    [InlineData(" /servers")]
    [InlineData("^/servers/(")]
    public void unusable_patterns_are_named(string pattern) => FaultPattern.Problem(pattern).ShouldNotBeNull();
}
