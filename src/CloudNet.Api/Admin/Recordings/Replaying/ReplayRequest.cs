using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using CloudNet.Identity.Signing;

namespace CloudNet.Admin.Recordings.Replaying;

/// <summary>
/// A recorded request as the replay sends it: to the target, as the replay's tenant (ids and the tenant rewritten through the
/// map), authenticated the way the recorded one was: a token of the tenant, HTTP Basic, an AK/SK signature over the same
/// headers, or for a token request the tenant's credentials in place of the redacted ones in its body.
/// </summary>
public static class ReplayRequest
{
    /// <summary>Headers the replay sets itself, or that belong to the recorded connection.</summary>
    static readonly HashSet<string> NotResent = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Content-Length", "Content-Type", "Authorization", "X-Auth-Token", "X-Subject-Token", "X-Sdk-Date", "Connection", "Transfer-Encoding",
        "Accept-Encoding", "Cookie", "Expect", "X-Correlation-ID",
    };

    public static HttpRequestMessage Build(RecordedExchange recorded, Uri target, ReplayTenant tenant, IdMap map, string? token, DateTimeOffset now)
    {
        var (path, query) = Split(Target(recorded.Url));
        var rawPath = map.ApplyToPath(path);
        var rawQuery = map.ApplyToQuery(query);
        var request = new HttpRequestMessage(new HttpMethod(recorded.Method), new Uri(target, target.AbsolutePath.TrimEnd('/') + rawPath + rawQuery));

        var body = Body(recorded, tenant, map);
        // A Content-Type without a body is sent too (the Huawei SDKs send one on a GET, and sign it).
        var contentType = recorded.ContentType is { Length: > 0 } given ? given
            : recorded.Headers.FirstOrDefault(h => h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)).Value;
        if (body is not null || contentType is { Length: > 0 })
        {
            request.Content = new ByteArrayContent(body ?? []);
            if (contentType is { Length: > 0 }) request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }
        var headers = new HeaderDictionary();
        foreach (var (name, value) in recorded.Headers)
        {
            if (NotResent.Contains(name) || value.Contains(Secrets.Redacted, StringComparison.Ordinal)) continue;
            var mapped = map.Apply(value);
            request.Headers.TryAddWithoutValidation(name, mapped);
            headers.Append(name, mapped);
        }

        switch (recorded.AuthKind)
        {
            case "token" when token is not null:
                request.Headers.TryAddWithoutValidation("X-Auth-Token", token);
                break;
            case "basic":
                request.Headers.TryAddWithoutValidation("Authorization", tenant.BasicHeader);
                break;
            case "aksk":
                Sign(request, headers, recorded, contentType, tenant, target, rawPath, rawQuery, body, now);
                break;
        }
        return request;
    }

    /// <summary>The request target as recorded (escapes as sent), without the recorded scheme and host.</summary>
    static string Target(string url)
    {
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0) return url;
        var slash = url.IndexOf('/', scheme + 3);
        return slash < 0 ? "/" : url[slash..];
    }

    static (string Path, string Query) Split(string url)
    {
        var question = url.IndexOf('?');
        return question < 0 ? (url, "") : (url[..question], url[question..]);
    }

    /// <summary>The body with its ids mapped and, where the recording redacted a credential, the replay tenant's own.</summary>
    static byte[]? Body(RecordedExchange recorded, ReplayTenant tenant, IdMap map)
    {
        if (recorded.Body is null) return null;
        JsonNode? json;
        try
        {
            json = JsonNode.Parse(recorded.Body);
        }
        catch (System.Text.Json.JsonException)
        {
            return Encoding.UTF8.GetBytes(map.Apply(recorded.Body));
        }
        var mapped = map.Apply(json);
        if (mapped is not null) FillCredentials(mapped, tenant);
        return Encoding.UTF8.GetBytes(mapped?.ToJsonString(Har.Json) ?? "null");
    }

    static void FillCredentials(JsonNode node, ReplayTenant tenant)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o.ToList())
                {
                    if (value is JsonValue v && v.TryGetValue<string>(out var s) && s == Secrets.Redacted)
                        o[key] = key.ToLowerInvariant() switch
                        {
                            "password" => tenant.Password,
                            "apikey" or "api_key" => tenant.ApiKey,
                            "secret" or "secret_key" or "secretkey" => tenant.SecretKey,
                            _ => s,
                        };
                    else if (value is not null) FillCredentials(value, tenant);
                }
                break;
            case JsonArray a:
                foreach (var item in a)
                    if (item is not null) FillCredentials(item, tenant);
                break;
        }
    }

    /// <summary>Signs as the Huawei SDKs do, over the headers the recorded request signed, with the tenant's keys and a fresh date.</summary>
    static void Sign(HttpRequestMessage request, HeaderDictionary headers, RecordedExchange recorded, string? contentType, ReplayTenant tenant, Uri target, string rawPath,
        string rawQuery, byte[]? body, DateTimeOffset now)
    {
        var date = now.UtcDateTime.ToString(AkSkSignature.DateFormat, CultureInfo.InvariantCulture);
        request.Headers.TryAddWithoutValidation(AkSkSignature.DateHeader, date);
        headers[AkSkSignature.DateHeader] = date;
        headers["Host"] = target.Authority;
        if (contentType is { Length: > 0 }) headers["Content-Type"] = contentType;
        var signedHeaders = recorded.SignedHeaders ?? "host;x-sdk-date";
        var authorization = new AkSkAuthorization(tenant.AccessKey, signedHeaders, new string('0', 64));
        var canonical = CanonicalRequest.Build(new SignedRequest(recorded.Method, rawPath, rawQuery, headers, body ?? []), authorization, out var missing)
            ?? throw new InvalidOperationException($"{recorded.Line}: the recorded request signed header {missing}, which it no longer has.");
        var signature = AkSkSignature.Sign(tenant.SecretKey, AkSkSignature.StringToSign(date, canonical));
        request.Headers.TryAddWithoutValidation("Authorization",
            $"{AkSkAuthorization.Scheme} Access={tenant.AccessKey}, SignedHeaders={signedHeaders}, Signature={signature}");
    }
}
