using System.Text;
using System.Text.Json.Nodes;
using CloudNet.Identity.Signing;

namespace CloudNet.Admin.Recordings;

/// <summary>
/// What a recording must never hold, taken out before an entry is stored: tokens (<c>X-Auth-Token</c>, <c>X-Subject-Token</c>, a
/// token's <c>id</c> in a body), passwords and API keys (in bodies and HTTP Basic), AK/SK signatures (the access key and the
/// signed header names stay: they say how the request authenticated), and what the service makes secret (a server's
/// <c>adminPass</c>, a generated keypair's <c>private_key</c>). The replay applies the same to the answers it gets, so both sides
/// compare alike.
/// </summary>
public static class Secrets
{
    public const string Redacted = "REDACTED";

    static readonly HashSet<string> SecretHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "X-Auth-Token", "X-Subject-Token", "X-Auth-Key", "X-Storage-Token", "Cookie", "Set-Cookie", "Proxy-Authorization",
    };

    static readonly HashSet<string> SecretFields = new(StringComparer.OrdinalIgnoreCase)
    {
        "password", "apiKey", "api_key", "adminPass", "admin_pass", "private_key", "secret", "secret_key", "secretKey",
    };

    /// <summary>The header's value as a recording keeps it.</summary>
    public static string Header(string name, string value)
    {
        if (SecretHeaders.Contains(name)) return Redacted;
        if (!name.Equals("Authorization", StringComparison.OrdinalIgnoreCase)) return value;
        if (value.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)) return "Basic " + Redacted;
        if (AkSkAuthorization.Parse(value) is { } signed)
            return $"{AkSkAuthorization.Scheme} Access={signed.AccessKey}, SignedHeaders={signed.SignedHeaders}, Signature={Redacted}";
        var space = value.IndexOf(' ');
        return space > 0 ? value[..(space + 1)] + Redacted : Redacted;
    }

    /// <summary>The user an HTTP Basic header names (its password is not kept).</summary>
    public static string? BasicUser(string authorization)
    {
        if (!authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)) return null;
        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(authorization[6..].Trim()));
            var colon = decoded.IndexOf(':');
            return colon > 0 ? decoded[..colon] : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>The JSON body with its secrets replaced by <see cref="Redacted"/>, or the text as it was when it is not JSON.</summary>
    public static string Body(string text)
    {
        JsonNode? json;
        try
        {
            json = JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
            return text;
        }
        return json is null || !Redact(json) ? text : json.ToJsonString(Har.Json);
    }

    /// <summary>Replaces the secrets in place; whether there were any.</summary>
    public static bool Redact(JsonNode node, string? parent = null)
    {
        var changed = false;
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj.ToList())
                {
                    if (value is JsonValue && (SecretFields.Contains(name) || (name == "id" && parent?.Equals("token", StringComparison.OrdinalIgnoreCase) == true)))
                    {
                        obj[name] = Redacted;
                        changed = true;
                    }
                    else if (value is not null) changed |= Redact(value, name);
                }
                break;
            case JsonArray array:
                foreach (var item in array)
                    if (item is not null) changed |= Redact(item, parent);
                break;
        }
        return changed;
    }
}
