using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Alba;
using CloudNet.Tests.Support;

namespace CloudNet.Tests.History.Ui;

/// <summary>The timeline page (<c>GET /history/ui</c>): served without a token since it holds no data, loading
/// nothing from another origin, while every route it reads still asks for a token.</summary>
public class when_opening_the_history_page(AppFixture app) : IClassFixture<AppFixture>
{
    const string PublicNet = "00000000-0000-0000-0000-000000000000";

    async Task<(IScenarioResult Result, string Page)> Anonymous(string url)
    {
        var result = await app.Host.Scenario(x =>
        {
            x.Get.Url(url);
            x.WithRequestHeader("Accept", "text/html");
            x.IgnoreStatusCode();
        });
        return (result, await result.ReadAsTextAsync());
    }

    [Theory]
    [InlineData("/history/ui")]
    [InlineData("/history/ui/")]
    [InlineData("/HISTORY/UI")]
    public async Task the_page_is_html_and_needs_no_token(string url)
    {
        var (result, page) = await Anonymous(url);
        result.Status().ShouldBe(200, page);
        result.Context.Response.ContentType.ShouldBe("text/html; charset=utf-8");
        page.ShouldStartWith("<!DOCTYPE html>");
        page.ShouldContain("<title>CloudNet · address history</title>");
        result.Header("X-Content-Type-Options").ShouldBe("nosniff");
        result.Header("Referrer-Policy").ShouldBe("no-referrer");
        result.Header("Set-Cookie").ShouldBeNull();
        result.Header("X-Request-Id").ShouldNotBeNull();
    }

    [Fact]
    public async Task the_page_loads_nothing_from_another_origin()
    {
        var (result, page) = await Anonymous("/history/ui");
        result.Status().ShouldBe(200);

        // Its script and style are inline: no external file of any kind, nor a base that would move relative URLs.
        Regex.Matches(page, @"<script\b[^>]*>", RegexOptions.IgnoreCase).Select(m => m.Value).ShouldAllBe(tag => tag == "<script>");
        Regex.Matches(page, @"<link\b[^>]*>", RegexOptions.IgnoreCase).Select(m => m.Value).ShouldBe(["<link rel=\"icon\" href=\"data:,\">"]);
        page.ShouldNotContain("<base", Case.Insensitive);
        page.ShouldNotContain("@import", Case.Insensitive);
        // url() only names the page's own SVG definitions (url(#hatch)), never a file.
        Regex.Matches(page, @"url\(\s*['""]?(.)", RegexOptions.IgnoreCase).Select(m => m.Groups[1].Value).ShouldAllBe(c => c == "#");
        page.ShouldNotContain("<iframe", Case.Insensitive);

        // Every URL in an attribute is the page's own origin (a path) or an inline data URL.
        foreach (Match m in Regex.Matches(page, @"\b(?:src|href|action|srcset|poster|data)\s*=\s*""([^""]*)""", RegexOptions.IgnoreCase))
            m.Groups[1].Value.ShouldSatisfyAllConditions(
                v => v.ShouldNotStartWith("//"),
                v => Regex.IsMatch(v, "^[a-z][a-z0-9+.-]*:", RegexOptions.IgnoreCase).ShouldBe(v.StartsWith("data:"), $"attribute URL {v}"));

        // No absolute URL anywhere but the SVG namespace name (a name, never fetched).
        Regex.Matches(page, @"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}[^\s'""`)]*", RegexOptions.IgnoreCase).Select(m => m.Value).Distinct()
            .ShouldBe(["http://www.w3.org/2000/svg"]);
        // The script asks the service it came from: paths under the page's own base, never a host.
        page.ShouldContain("fetch(BASE + path");
        page.ShouldNotContain("XMLHttpRequest");
        page.ShouldNotContain("WebSocket");
    }

    [Fact]
    public async Task the_browser_is_told_to_load_only_the_pages_own_inline_code_and_ask_only_its_origin()
    {
        var (result, page) = await Anonymous("/history/ui");
        var policy = result.Header("Content-Security-Policy").ShouldNotBeNull();
        var directives = policy.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(d => d.Split(' ', 2))
            .ToDictionary(d => d[0], d => d.Length > 1 ? d[1].Split(' ') : []);
        directives["default-src"].ShouldBe(["'none'"]);
        directives["connect-src"].ShouldBe(["'self'"]);
        directives["frame-ancestors"].ShouldBe(["'none'"]);
        directives["base-uri"].ShouldBe(["'none'"]);
        foreach (var (name, sources) in directives)
            sources.ShouldAllBe(s => s == "'none'" || s == "'self'" || s == "data:" || s.StartsWith("'sha256-"), $"{name} in {policy}");

        // The inline blocks are allowed by their hashes (and nothing else is): the page would be inert otherwise.
        string Hash(string block) => $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(block)))}'";
        var scripts = Regex.Matches(page, "<script>(.*?)</script>", RegexOptions.Singleline).Select(m => Hash(m.Groups[1].Value)).ToList();
        var styles = Regex.Matches(page, "<style>(.*?)</style>", RegexOptions.Singleline).Select(m => Hash(m.Groups[1].Value)).ToList();
        scripts.ShouldNotBeEmpty();
        styles.ShouldNotBeEmpty();
        directives["script-src"].ShouldBe(scripts, ignoreOrder: true);
        directives["style-src"].ShouldBe(styles, ignoreOrder: true);
    }

    [Theory]
    [InlineData("/history/addresses/198.51.100.2")]
    [InlineData($"/history/addresses/198.51.100.2?network_id={PublicNet}&at=2026-01-01T00:00:00Z")]
    [InlineData($"/history/networks/{PublicNet}/events")]
    [InlineData($"/history/networks/{PublicNet}")]
    [InlineData("/history/floating-ips/01a215ac-ef09-7718-8862-18f289d4c5d8/events")]
    [InlineData("/history/requests/req-00000000-0000-0000-0000-000000000000")]
    [InlineData("/history/ui/timeline.js")] // the exemption is the page's path exactly, nothing under it
    [InlineData("/history/uix")]
    public async Task the_history_json_it_reads_still_needs_a_token(string url)
    {
        var result = await app.Host.Scenario(x =>
        {
            x.Get.Url(url);
            x.IgnoreStatusCode();
        });
        var body = await result.ReadAsTextAsync();
        result.Status().ShouldBe(401, body);
        result.Context.Response.ContentType.ShouldBe("application/problem+json");
        JsonNode.Parse(body)!["status"]!.GetValue<int>().ShouldBe(401);
    }

    [Theory]
    [InlineData("/v2.0/networks")]
    [InlineData("/os-floating-ips")]
    public async Task the_other_routes_it_reads_still_need_a_token(string url)
    {
        var result = await app.Host.Scenario(x =>
        {
            x.Get.Url(url);
            x.IgnoreStatusCode();
        });
        result.Status().ShouldBe(401);
    }

    [Fact]
    public async Task only_reading_the_page_is_public()
    {
        var result = await app.Host.Scenario(x =>
        {
            x.Post.Text("x").ToUrl("/history/ui");
            x.IgnoreStatusCode();
        });
        result.Status().ShouldBe(401);
        result.Context.Response.ContentType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task with_a_token_the_routes_it_reads_answer()
    {
        // The sign-in the page does, then the lists it draws from.
        var signIn = await app.Host.Scenario(x =>
        {
            x.Post.Json(new { auth = new { passwordCredentials = new { username = TestAccount.Demo.User, password = TestAccount.Demo.Password } } })
                .ToUrl("/v2.0/tokens");
            x.StatusCodeShouldBe(200);
        });
        var token = (await signIn.Json())["access"]!["token"]!["id"]!.GetValue<string>();
        foreach (var url in new[] { "/v2.0/networks", $"/history/networks/{PublicNet}/events?limit=1000", "/history/addresses/198.51.100.2" })
        {
            var result = await app.Host.Scenario(x =>
            {
                x.Get.Url(url);
                x.WithRequestHeader("X-Auth-Token", token);
                x.IgnoreStatusCode();
            });
            result.Status().ShouldBe(200, $"GET {url}: {await result.ReadAsTextAsync()}");
        }
    }

    [Fact]
    public async Task the_page_is_in_the_openapi_document_with_the_routes_it_reads()
    {
        var result = await app.Host.Scenario(x =>
        {
            x.Get.Url("/openapi/v1.json");
            x.StatusCodeShouldBe(200);
        });
        var paths = (await result.Json())["paths"]!.AsObject();
        var get = paths["/history/ui"]!["get"]!;
        get["operationId"]!.GetValue<string>().ShouldBe("HistoryUi");
        get["tags"]!.AsArray().Select(t => t!.GetValue<string>()).ShouldBe(["History"]);
        get["responses"]!["200"]!["content"]!.AsObject().Select(c => c.Key).ShouldContain("text/html");

        var (_, page) = await Anonymous("/history/ui");
        foreach (var (route, used) in new[]
                 {
                     ("/v2.0/tokens", "'/v2.0/tokens'"), ("/v2.0/networks", "'/v2.0/networks'"),
                     ("/history/addresses/{address}", "`/history/addresses/${"), ("/history/{kind}/{id}/events", "/events?limit="),
                     ("/history/{kind}/{id}", "?version=${"), ("/history/requests/{requestId}", "`/history/requests/${"),
                 })
        {
            paths.ContainsKey(route).ShouldBeTrue($"{route} is not in the OpenAPI document");
            page.ShouldContain(used, Case.Sensitive, $"the page no longer reads {route}");
        }
    }
}
