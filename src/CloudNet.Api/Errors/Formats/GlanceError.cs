using System.Text.Json.Nodes;

namespace CloudNet.Errors.Formats;

/// <summary>
/// Glance's error body, as webob writes it for a client that accepts JSON: <c>{"code":"404 Not Found","title":"Not Found",
/// "message":"…"}</c>. A 401 comes from keystonemiddleware in front of Glance, in Keystone's format.
/// </summary>
public static class GlanceError
{
    public static JsonObject Body(ApiError error)
    {
        if (error.Status == 401) return KeystoneError.Body(error);
        var title = KeystoneError.Title(error.Status);
        return new JsonObject
        {
            ["code"] = $"{error.Status} {title}",
            ["title"] = title,
            ["message"] = error.Message,
        };
    }
}
