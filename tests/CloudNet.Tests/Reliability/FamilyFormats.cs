using System.Text.Json;
using System.Text.Json.Nodes;
using CloudNet.Errors;
using CloudNet.Identity.Authenticating;
using Microsoft.AspNetCore.Http;

namespace CloudNet.Tests.Reliability;

/// <summary>
/// Whether a reply is in the format of its API family (SPEC "Errors"): the family comes from the path, as
/// <see cref="ApiFamilies"/> decides it once the compute prefixes (<c>/v2/{tenant}</c>, <c>/v2.1/{tenant}</c>) are taken off.
/// </summary>
public static class FamilyFormats
{
    static readonly HashSet<string> ComputeCollections = new(StringComparer.OrdinalIgnoreCase)
    {
        "servers", "os-floating-ips", "os-floating-ip-pools", "os-networksv2", "os-virtual-interfacesv2",
        "flavors", "images", "extensions", "limits", "os-quota-sets", "os-keypairs", "os-availability-zone",
    };

    /// <summary>The path the routes see: SPEC serves every compute route under <c>/v2/{tenant_id}</c> and <c>/v2.1/{tenant_id}</c>.</summary>
    public static string RoutedPath(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length >= 2 && segments[0] is "v2" or "v2.1")
        {
            var take = ComputeCollections.Contains(segments[1]) ? 1 : 2;
            // The prefix is cut where it ends in the path as sent (repeated slashes included).
            var at = IndexAfterSegments(path, take);
            return at >= path.Length ? "/" : path[at..];
        }
        return path;
    }

    static int IndexAfterSegments(string path, int count)
    {
        var i = 0;
        for (var seen = 0; seen < count; seen++)
        {
            while (i < path.Length && path[i] == '/') i++;
            while (i < path.Length && path[i] != '/') i++;
        }
        return i;
    }

    public static ApiFamily FamilyOf(string path)
    {
        var context = new DefaultHttpContext();
        context.Request.Path = new PathString(RoutedPath(path));
        return ApiFamilies.Of(context);
    }

    static readonly Dictionary<int, string> NovaNames = new()
    {
        [400] = "badRequest", [401] = "unauthorized", [403] = "forbidden", [404] = "itemNotFound", [405] = "badMethod",
        [409] = "conflictingRequest", [413] = "overLimit", [429] = "overLimit", [415] = "badMediaType", [501] = "notImplemented",
        [503] = "serviceUnavailable",
    };

    /// <summary>Null when the reply is well formed; otherwise what is wrong with it.</summary>
    public static string? Violation(RawRequest request, RawReply reply)
    {
        if (reply.Escaped is not null) return "an exception escaped the pipeline";
        if (reply.Status >= 500 && !IsDocumentedServerError(request, reply)) return $"status {reply.Status}";
        if (reply.RequestId is null) return "no request id header";
        var body = reply.Body;

        if (reply.Status < 400)
        {
            if (reply.ContentType?.StartsWith("application/json") == true && body.Length > 0 && !Parses(body))
                return "a 2xx JSON body does not parse";
            return null;
        }

        if (body.Contains("   at ") || body.Contains("Exception") || body.Contains("Npgsql") || body.Contains("Wolverine")
            || body.Contains("CloudNet.") || body.Contains("Marten."))
            return "the error body leaks internals";

        if (request.Method == "HEAD" && body.Length == 0) return null;

        // A failed HTTP Basic login answers seed 003's plain text, whatever the family.
        if (reply.Status == 401 && reply.ContentType?.StartsWith("text/plain") == true)
            return body == AuthenticationMiddleware.BasicUnauthorizedBody
                   && request.Headers.Any(h => h.Key == "Authorization" && h.Value.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
                ? null
                : "a plain-text 401 that is not a failed HTTP Basic login";

        JsonNode? json;
        try
        {
            json = JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            return "the error body is not JSON";
        }
        if (json is not JsonObject root) return "the error body is not a JSON object";
        var family = FamilyOf(request.Path);
        var type = reply.ContentType ?? "";

        switch (family)
        {
            case ApiFamily.Compute:
                if (!type.StartsWith("application/json")) return $"compute error with Content-Type {type}";
                if (root.Count != 1) return "a nova fault has exactly one member";
                var (name, fault) = root.First();
                var expected = NovaNames.GetValueOrDefault(reply.Status, "computeFault");
                if (name != expected) return $"nova fault named {name}, expected {expected}";
                if (fault is not JsonObject f || Int(f["code"]) != reply.Status || !NonEmpty(f["message"])) return "nova fault without code/message";
                return null;
            case ApiFamily.Networks:
                if (!type.StartsWith("application/json")) return $"neutron error with Content-Type {type}";
                if (root.Count != 1 || root["NeutronError"] is not JsonObject n) return "not a NeutronError";
                if (!NonEmpty(n["type"]) || !NonEmpty(n["message"]) || n["detail"] is not JsonValue) return "NeutronError without type/message/detail";
                return null;
            case ApiFamily.Vpc:
                if (!type.StartsWith("application/json")) return $"VPC error with Content-Type {type}";
                if (string.Join(',', root.Select(p => p.Key).Order()) != "code,error_code,error_msg,message") return "not a Huawei error body";
                if (root["code"]?.ToString() is not { } code || !code.StartsWith("VPC.") || root["error_code"]?.ToString() != code
                    || !NonEmpty(root["message"]) || root["error_msg"]?.ToString() != root["message"]?.ToString())
                    return "Huawei error fields disagree";
                return null;
            // Huawei's v3 API: {"error_msg","error_code","request_id"}, the request id the one the header carries.
            case ApiFamily.VpcV3:
                if (!type.StartsWith("application/json")) return $"VPC v3 error with Content-Type {type}";
                if (string.Join(',', root.Select(p => p.Key).Order()) != "error_code,error_msg,request_id") return "not a Huawei v3 error body";
                if (root["error_code"]?.ToString() is not { } v3Code || !v3Code.StartsWith("VPC.") || !NonEmpty(root["error_msg"])
                    || root["request_id"]?.ToString() != reply.RequestId)
                    return "Huawei v3 error fields disagree";
                return null;
            case ApiFamily.Identity:
                if (!type.StartsWith("application/json")) return $"keystone error with Content-Type {type}";
                if (root.Count != 1 || root["error"] is not JsonObject e || Int(e["code"]) != reply.Status || !NonEmpty(e["title"])
                    || !NonEmpty(e["message"]))
                    return "not a Keystone error body";
                return null;
            // Glance's (webob's) body; its 401 comes from keystonemiddleware, in Keystone's format.
            case ApiFamily.Image:
                if (!type.StartsWith("application/json")) return $"image error with Content-Type {type}";
                if (reply.Status == 401)
                    return root.Count == 1 && root["error"] is JsonObject k && Int(k["code"]) == 401 ? null : "a 401 of the image service not in Keystone's format";
                if (string.Join(',', root.Select(p => p.Key).Order()) != "code,message,title" || root["code"]?.ToString() != $"{reply.Status} {root["title"]}"
                    || !NonEmpty(root["title"]) || !NonEmpty(root["message"]))
                    return "not a Glance error body";
                return null;
            // This product's own routes (/history, and the admin API where there is one) answer RFC 9457 problems. By name,
            // so that a family added later in that format needs no change here.
            case var own when own.ToString() is "History" or "Admin":
                if (!type.StartsWith("application/problem+json")) return $"{own} error with Content-Type {type}";
                if (Int(root["status"]) != reply.Status || !NonEmpty(root["title"]) || !NonEmpty(root["detail"])) return "not a problem document";
                return null;
            default:
                return $"unknown family {family}";
        }
    }

    /// <summary>
    /// The one 5xx the API surface documents: <c>POST /servers/{id}/ip_associations</c> (on the collection) is 501
    /// <c>notImplemented</c> in Rackspace's design (reference/api-surface.md §A, quark's RAML), and is tested as such.
    /// It is counted apart from the 5xx that would be bugs.
    /// </summary>
    public static bool IsDocumentedServerError(RawRequest request, RawReply reply) =>
        reply.Status == 501 && request.Method == "POST"
        && System.Text.RegularExpressions.Regex.IsMatch(RoutedPath(request.Path), "^/servers/[^/]+/ip_associations/?$", System.Text.RegularExpressions.RegexOptions.IgnoreCase)
        && reply.Body.Contains("\"notImplemented\"");

    static bool Parses(string body)
    {
        try
        {
            JsonDocument.Parse(body).Dispose();
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    static int? Int(JsonNode? node) => node is JsonValue v && v.TryGetValue<int>(out var i) ? i : null;

    static bool NonEmpty(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) && !string.IsNullOrWhiteSpace(s);
}
