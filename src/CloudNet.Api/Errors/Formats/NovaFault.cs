using System.Globalization;
using System.Text.Json.Nodes;

namespace CloudNet.Errors.Formats;

/// <summary>
/// Nova / Rackspace Cloud Servers fault: <c>{"itemNotFound":{"code":404,"message":"…"}}</c>. An over-limit fault
/// carries both clouds' retry fields: nova's <c>retryAfter</c> (seconds, as a string) and Rackspace's <c>retryAt</c>
/// (ISO 8601 UTC), plus Rackspace's optional <c>details</c>.
/// </summary>
public static class NovaFault
{
    public static string NameFor(int status) => status switch
    {
        400 => "badRequest",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "itemNotFound",
        405 => "badMethod",
        409 => "conflictingRequest",
        413 or 429 => "overLimit",
        415 => "badMediaType",
        501 => "notImplemented",
        503 => "serviceUnavailable",
        _ => "computeFault",
    };

    public static JsonObject Body(ApiError error)
    {
        var fault = new JsonObject { ["code"] = error.Status, ["message"] = error.Message };
        if (error.Details is { } details) fault["details"] = details;
        if (error.RetryAfterSeconds is { } retry) fault["retryAfter"] = retry.ToString(CultureInfo.InvariantCulture);
        if (error.RetryAt is { } at) fault["retryAt"] = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return new JsonObject { [NameFor(error.Status)] = fault };
    }
}
