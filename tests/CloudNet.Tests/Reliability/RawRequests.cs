using System.Text;
using System.Text.Json.Nodes;
using Alba;
using Microsoft.AspNetCore.Http;

namespace CloudNet.Tests.Reliability;

/// <summary>A request exactly as built, path, headers and body bytes included, with nothing checked on the way out.</summary>
public sealed record RawRequest(string Method, string Path, string Query = "")
{
    public List<KeyValuePair<string, string>> Headers { get; init; } = [];
    public byte[]? Body { get; init; }

    /// <summary>False: the body goes without a Content-Length, as a chunked upload does.</summary>
    public bool DeclareLength { get; init; } = true;

    /// <summary>A label for reports: what kind of hostile input this is.</summary>
    public string Kind { get; init; } = "";

    /// <summary>The route (method and template) the request was made from, when it was generated from one.</summary>
    public string RouteName { get; init; } = "";

    public RawRequest WithHeader(string name, string value) => this with { Headers = [.. Headers, KeyValuePair.Create(name, value)] };

    public RawRequest WithJson(string json) => WithHeader("Content-Type", "application/json") with { Body = Encoding.UTF8.GetBytes(json) };

    public string Target => Path + Query;

    public override string ToString()
    {
        var body = Body is null ? "" : Encoding.UTF8.GetString(Body);
        if (body.Length > 200) body = body[..200] + $"…({Body!.Length} bytes)";
        var target = Target.Length > 200 ? Target[..200] + "…" : Target;
        return Printable.Of($"[{Kind}] {Method} {target} {string.Join(" ", Headers.Select(h => $"{h.Key}: {(h.Value.Length > 60 ? h.Value[..60] + "…" : h.Value)}"))} {body}");
    }
}

/// <summary>Text safe to print in a test report: control and non-ASCII characters as <c>\uXXXX</c>.</summary>
public static class Printable
{
    public static string Of(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
            if (c is >= ' ' and <= '~' || c == '…') builder.Append(c);
            else builder.Append($"\\u{(int)c:X4}");
        return builder.ToString();
    }
}

public sealed record RawReply(int Status, string? ContentType, string Body, IHeaderDictionary Headers, Exception? Escaped = null)
{
    public string? RequestId => Headers.TryGetValue("X-Request-Id", out var a) ? a.ToString()
        : Headers.TryGetValue("X-Openstack-Request-Id", out var b) ? b.ToString()
        : Headers.TryGetValue("X-Compute-Request-Id", out var c) ? c.ToString() : null;

    public JsonNode Json => JsonNode.Parse(Body) ?? throw new InvalidOperationException("empty body");

    public override string ToString() => Printable.Of($"{Status} {ContentType} {(Body.Length > 400 ? Body[..400] + "…" : Body)}");
}

/// <summary>Sends <see cref="RawRequest"/>s through the in-process server: no client library in between that would
/// refuse, fix up or re-encode what a hostile client can send.</summary>
public static class RawRequests
{
    public static async Task<RawReply> SendRawAsync(this IAlbaHost host, RawRequest request)
    {
        HttpContext context;
        try
        {
            context = await host.Server.SendAsync(c =>
            {
                c.Request.Method = request.Method;
                c.Request.Path = new PathString(request.Path);
                c.Request.QueryString = request.Query.Length > 0 ? new QueryString(request.Query) : QueryString.Empty;
                c.Request.Headers.Host = "localhost";
                foreach (var (name, value) in request.Headers) c.Request.Headers.Append(name, value);
                if (request.Body is { } body)
                {
                    c.Request.Body = new MemoryStream(body);
                    c.Request.ContentLength = request.DeclareLength ? body.Length : null;
                }
            });
        }
        catch (Exception ex)
        {
            // What escapes the pipeline is what a real server would answer with a bare 500.
            return new RawReply(500, null, ex.ToString(), new HeaderDictionary(), ex);
        }

        string text;
        using (var reader = new StreamReader(context.Response.Body, Encoding.UTF8))
            text = await reader.ReadToEndAsync();
        return new RawReply(context.Response.StatusCode, context.Response.ContentType, text, context.Response.Headers);
    }
}
