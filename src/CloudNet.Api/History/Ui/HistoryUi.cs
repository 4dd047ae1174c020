using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace CloudNet.History.Ui;

/// <summary>
/// <c>GET /history/ui</c>: the timeline page, one static HTML file (its script and style inline) embedded in the
/// assembly, so that a build, <c>dotnet publish</c> and the container image all carry it without a wwwroot. It holds
/// no data: it is reachable without a token (<see cref="Identity.Authenticating.PublicRoutes"/>) and asks the
/// person for credentials, then reads the token-protected <c>/history</c> JSON routes from the same origin.
/// </summary>
public static partial class HistoryUiEndpoint
{
    public const string Path = "/history/ui";
    const string Resource = "CloudNet.History.Ui.history-ui.html";

    static readonly Lazy<Page> Loaded = new(Load);

    /// <summary>The page's HTML, as served.</summary>
    public static string Html => Loaded.Value.Html;

    /// <summary>The Content-Security-Policy served with the page: nothing but its own inline script and style (by
    /// hash) and requests to this origin.</summary>
    public static string ContentSecurityPolicy => Loaded.Value.Policy;

    [WolverineGet(Path, OperationId = "HistoryUi")]
    [Tags("History")]
    [ProducesResponseType(typeof(string), StatusCodes.Status200OK, "text/html")]
    public static IResult Get(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.CacheControl = "no-cache";
        // The page may carry a token in its fragment; never pass its address on.
        headers["Referrer-Policy"] = "no-referrer";
        return Results.Content(Html, "text/html; charset=utf-8");
    }

    sealed record Page(string Html, string Policy);

    static Page Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"The history page ({Resource}) is not embedded in the assembly.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var html = reader.ReadToEnd();
        var policy = string.Join("; ",
            "default-src 'none'",
            $"script-src {Hashes(ScriptBlock(), html)}",
            $"style-src {Hashes(StyleBlock(), html)}",
            "connect-src 'self'",
            "img-src data:",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'none'");
        return new Page(html, policy);
    }

    static string Hashes(Regex block, string html)
    {
        var hashes = block.Matches(html)
            .Select(m => $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(m.Groups[1].Value)))}'")
            .ToList();
        return hashes.Count > 0 ? string.Join(' ', hashes) : "'none'";
    }

    [GeneratedRegex(@"<script>(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex ScriptBlock();

    [GeneratedRegex(@"<style>(.*?)</style>", RegexOptions.Singleline)]
    private static partial Regex StyleBlock();
}
