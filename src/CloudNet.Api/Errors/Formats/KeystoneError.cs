using System.Text.Json.Nodes;

namespace CloudNet.Errors.Formats;

/// <summary>Keystone's error body: <c>{"error":{"code":401,"title":"Unauthorized","message":"…"}}</c>.</summary>
public static class KeystoneError
{
    public static JsonObject Body(ApiError error) => new()
    {
        ["error"] = new JsonObject
        {
            ["code"] = error.Status,
            ["title"] = Title(error.Status),
            ["message"] = error.Message,
        },
    };

    /// <summary>The reason phrase of a status, as Keystone (and webob, for Glance) titles an error.</summary>
    public static string Title(int status) => status switch
    {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        413 => "Request Entity Too Large",
        415 => "Unsupported Media Type",
        503 => "Service Unavailable",
        _ => "Internal Server Error",
    };
}
