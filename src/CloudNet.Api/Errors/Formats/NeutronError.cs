using System.Text.Json.Nodes;

namespace CloudNet.Errors.Formats;

/// <summary>Neutron's fault: <c>{"NeutronError":{"type":"NetworkNotFound","message":"…","detail":""}}</c>.</summary>
public static class NeutronError
{
    public static JsonObject Body(ApiError error) => new()
    {
        ["NeutronError"] = new JsonObject
        {
            ["type"] = error.Code ?? TypeFor(error.Status),
            ["message"] = error.Message,
            ["detail"] = "",
        },
    };

    // The type is the exception class name on the Neutron side; these are the generic ones of neutron-lib.
    static string TypeFor(int status) => status switch
    {
        400 => "BadRequest",
        401 => "NotAuthorized",
        403 => "PolicyNotAuthorized",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        409 => "Conflict",
        413 => "OverLimit",
        415 => "UnsupportedMediaType",
        503 => "ServiceUnavailable",
        _ => "InternalServerError",
    };
}
