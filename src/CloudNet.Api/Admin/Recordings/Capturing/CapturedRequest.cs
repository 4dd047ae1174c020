using System.Text;
using System.Text.Json.Nodes;
using CloudNet.Identity.Signing;
using Microsoft.AspNetCore.Http.Features;
using CloudNet.Hosting;
using Microsoft.AspNetCore.WebUtilities;

namespace CloudNet.Admin.Recordings.Capturing;

/// <summary>How a recorded request authenticated, so that a replay can do the same as its own tenant.</summary>
/// <param name="Kind"><c>token</c>, <c>basic</c>, <c>aksk</c>, <c>credentials</c> (a token request: the body holds them) or <c>none</c>.</param>
public sealed record RecordedAuth(string Kind, string? User = null, string? AccessKey = null)
{
    public JsonObject ToJson()
    {
        var json = new JsonObject { ["kind"] = Kind };
        if (User is not null) json["user"] = User;
        if (AccessKey is not null) json["access_key"] = AccessKey;
        return json;
    }
}

/// <summary>
/// A request as the client sent it, taken before anything in the pipeline rewrites it (compute prefixes and the Neutron root are
/// moved into the path base, empty bodies dropped, a correlation id added), with its secrets taken out.
/// </summary>
public sealed record CapturedRequest(DateTimeOffset StartedAt, long StartedTimestamp, string Method, string Url, string HttpVersion,
    IReadOnlyList<KeyValuePair<string, string>> Headers, IReadOnlyList<KeyValuePair<string, string>> Query, RecordedAuth Auth, bool IsTokenRequest)
{
    public static CapturedRequest Of(HttpContext context, DateTimeOffset now, long timestamp)
    {
        var request = context.Request;
        var requestId = context.RequestId();
        var headers = request.Headers
            // The service adds this one itself (Hosting/RequestIds), for Wolverine.
            .Where(h => !(h.Key.Equals("X-Correlation-ID", StringComparison.OrdinalIgnoreCase) && h.Value.ToString() == requestId))
            .SelectMany(h => h.Value.Select(v => new KeyValuePair<string, string>(h.Key, Secrets.Header(h.Key, v ?? ""))))
            .ToList();
        var query = QueryHelpers.ParseQuery(request.QueryString.Value)
            .SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string>(q.Key, v ?? ""))).ToList();
        var isTokenRequest = Identity.Authenticating.PublicRoutes.IsTokenIssue(request.Path);
        return new CapturedRequest(now, timestamp, request.Method, UrlOf(context), request.Protocol, headers, query, AuthOf(request, isTokenRequest),
            isTokenRequest);
    }

    /// <summary>The URL as requested: the raw target where the server has it (escapes as sent), else the path and query.</summary>
    static string UrlOf(HttpContext context)
    {
        var request = context.Request;
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (target is not { Length: > 0 } || target[0] != '/')
            target = (request.PathBase + request.Path).ToUriComponent() + request.QueryString.ToUriComponent();
        return $"{request.Scheme}://{request.Host.ToUriComponent()}{target}";
    }

    static RecordedAuth AuthOf(HttpRequest request, bool isTokenRequest)
    {
        if (!string.IsNullOrWhiteSpace(request.Headers["X-Auth-Token"])) return new RecordedAuth("token");
        var authorization = request.Headers.Authorization.ToString();
        if (AkSkAuthorization.Parse(authorization) is { } signed) return new RecordedAuth("aksk", AccessKey: signed.AccessKey);
        if (Secrets.BasicUser(authorization) is { } user) return new RecordedAuth("basic", user);
        return new RecordedAuth(isTokenRequest ? "credentials" : "none");
    }

    /// <summary>The HAR <c>request</c> object, with the body read from the buffered request.</summary>
    public JsonObject ToJson(string? body, long bodySize, string? mimeType, bool truncated)
    {
        var json = new JsonObject
        {
            ["method"] = Method,
            ["url"] = Url,
            ["httpVersion"] = HttpVersion,
            ["cookies"] = new JsonArray(),
            ["headers"] = Pairs(Headers),
            ["queryString"] = Pairs(Query),
            ["headersSize"] = -1,
            ["bodySize"] = bodySize,
        };
        if (body is not null)
        {
            json["postData"] = new JsonObject { ["mimeType"] = mimeType ?? "", ["params"] = new JsonArray(), ["text"] = body };
            if (truncated) json["postData"]!["comment"] = $"Cut at {Encoding.UTF8.GetByteCount(body)} of {bodySize} bytes (Recording:MaxBodyBytes).";
        }
        return json;
    }

    public static JsonArray Pairs(IEnumerable<KeyValuePair<string, string>> pairs) =>
        new(pairs.Select(p => (JsonNode)new JsonObject { ["name"] = p.Key, ["value"] = p.Value }).ToArray());
}
